-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "vector";

-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('STUDENT', 'admin');

-- CreateEnum
CREATE TYPE "Status" AS ENUM ('in-progress', 'DONE');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" CITEXT NOT NULL,
    "name" VARCHAR(100),
    "role" "user_role" NOT NULL DEFAULT 'STUDENT',
    "roles" "user_role"[] DEFAULT ARRAY['STUDENT', 'admin']::"user_role"[],
    "tags" TEXT[] DEFAULT ARRAY['a', 'b''s', 'c"d']::TEXT[],
    "nums" INTEGER[] DEFAULT ARRAY[1, -2]::INTEGER[],
    "empty" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "balance" DECIMAL(65,30) NOT NULL DEFAULT 0.5,
    "bal2" DECIMAL(12,2) NOT NULL DEFAULT -1,
    "big" BIGINT NOT NULL DEFAULT 10,
    "fl" DOUBLE PRECISION NOT NULL DEFAULT 1.5,
    "fl2" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "real" REAL NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "data" JSONB NOT NULL DEFAULT '{"a": 1}',
    "data2" JSON,
    "bytes" BYTEA,
    "uid" UUID NOT NULL,
    "cid" TEXT NOT NULL,
    "txt" TEXT NOT NULL DEFAULT 'it''s \ ok',
    "ch" CHAR(3),
    "ch1" CHAR,
    "vc" VARCHAR,
    "ts" TIMESTAMP(0),
    "ts6" TIMESTAMP,
    "tz" TIMESTAMPTZ,
    "tz3" TIMESTAMPTZ(3),
    "d" DATE,
    "t" TIME(4),
    "t2" TIME,
    "ttz" TIMETZ,
    "dec" DECIMAL,
    "money" MONEY,
    "small" SMALLINT,
    "int" INTEGER,
    "oid" OID,
    "bi" BIGINT,
    "dp" DOUBLE PRECISION,
    "bit" BIT(3),
    "bit1" BIT,
    "vbit" VARBIT(5),
    "vbit1" VARBIT,
    "xml" XML,
    "inet" INET,
    "uuidn" UUID DEFAULT gen_random_uuid(),
    "bool" BOOLEAN,
    "text" TEXT,
    "jb" JSONB,
    "ba" BYTEA,
    "emb" vector(3),
    "tsv" tsvector DEFAULT to_tsvector('english'::regconfig, COALESCE(NULL::text, ''::text)),
    "ign" TEXT,
    "mentorId" INTEGER,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Profile" (
    "userId" INTEGER NOT NULL,
    "bio" TEXT NOT NULL DEFAULT '',
    "zero" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" UUID NOT NULL,
    "authorId" INTEGER NOT NULL,
    "editorId" INTEGER,
    "veryLongColumnNameNumberOneForTruncation" TEXT NOT NULL,
    "veryLongColumnNameNumberTwoForTruncation" TEXT NOT NULL,

    CONSTRAINT "post_pk" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Category" (
    "id" TEXT NOT NULL,

    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" BIGSERIAL NOT NULL,

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrollment" (
    "userId" INTEGER NOT NULL,
    "courseId" BIGINT NOT NULL,
    "status" "Status" NOT NULL DEFAULT 'in-progress',

    CONSTRAINT "enroll_pk" PRIMARY KEY ("userId","courseId")
);

-- CreateTable
CREATE TABLE "Small" (
    "id" SMALLSERIAL NOT NULL,
    "x" INTEGER NOT NULL,

    CONSTRAINT "Small_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_friends" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_friends_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_CategoryToPost" (
    "A" TEXT NOT NULL,
    "B" UUID NOT NULL,

    CONSTRAINT "_CategoryToPost_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_CourseToUser" (
    "A" BIGINT NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_CourseToUser_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_name_createdAt_idx" ON "users"("name" DESC, "createdAt");

-- CreateIndex
CREATE INDEX "users_email_idx" ON "users" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "custom_gin" ON "users" USING GIN ("data" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "users_tags_idx" ON "users" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "users_role_idx" ON "users" USING HASH ("role");

-- CreateIndex
CREATE INDEX "users_createdAt_idx" ON "users" USING BRIN ("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "user_name_role_uq" ON "users"("name", "role");

-- CreateIndex
CREATE INDEX "Post_veryLongColumnNameNumberOneForTruncation_veryLongColum_idx" ON "Post"("veryLongColumnNameNumberOneForTruncation", "veryLongColumnNameNumberTwoForTruncation");

-- CreateIndex
CREATE UNIQUE INDEX "Post_veryLongColumnNameNumberOneForTruncation_veryLongColum_key" ON "Post"("veryLongColumnNameNumberOneForTruncation", "veryLongColumnNameNumberTwoForTruncation");

-- CreateIndex
CREATE UNIQUE INDEX "small_x_uniq" ON "Small"("x" DESC);

-- CreateIndex
CREATE INDEX "_friends_B_index" ON "_friends"("B");

-- CreateIndex
CREATE INDEX "_CategoryToPost_B_index" ON "_CategoryToPost"("B");

-- CreateIndex
CREATE INDEX "_CourseToUser_B_index" ON "_CourseToUser"("B");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "profile_user_fk" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_editorId_fkey" FOREIGN KEY ("editorId") REFERENCES "users"("id") ON DELETE SET DEFAULT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_friends" ADD CONSTRAINT "_friends_A_fkey" FOREIGN KEY ("A") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_friends" ADD CONSTRAINT "_friends_B_fkey" FOREIGN KEY ("B") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_CategoryToPost" ADD CONSTRAINT "_CategoryToPost_A_fkey" FOREIGN KEY ("A") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_CategoryToPost" ADD CONSTRAINT "_CategoryToPost_B_fkey" FOREIGN KEY ("B") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_CourseToUser" ADD CONSTRAINT "_CourseToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_CourseToUser" ADD CONSTRAINT "_CourseToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
