-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "code" INTEGER NOT NULL,
    "managerId" INTEGER DEFAULT 0,
    "mentorId" INTEGER,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Profile" (
    "user_id" INTEGER NOT NULL,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" INTEGER NOT NULL,
    "author" INTEGER NOT NULL,
    "email" TEXT,
    "tenant" TEXT NOT NULL,
    "code" INTEGER,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pair" (
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,

    CONSTRAINT "Pair_pkey" PRIMARY KEY ("x","y")
);

-- CreateTable
CREATE TABLE "Link" (
    "id" INTEGER NOT NULL,
    "x1" INTEGER,
    "y1" INTEGER,
    "x2" INTEGER,
    "y2" INTEGER NOT NULL,
    "x3" INTEGER NOT NULL,
    "y3" INTEGER,

    CONSTRAINT "Link_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "users_mentorId_key" ON "users"("mentorId");

-- CreateIndex
CREATE UNIQUE INDEX "users_tenant_code_key" ON "users"("tenant", "code");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "users"("id") ON DELETE SET DEFAULT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "profile_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_author_fkey" FOREIGN KEY ("author") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_email_fkey" FOREIGN KEY ("email") REFERENCES "users"("email") ON DELETE SET NULL ON UPDATE SET NULL;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_tenant_code_fkey" FOREIGN KEY ("tenant", "code") REFERENCES "users"("tenant", "code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_x1_y1_fkey" FOREIGN KEY ("x1", "y1") REFERENCES "Pair"("x", "y") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_x2_y2_fkey" FOREIGN KEY ("x2", "y2") REFERENCES "Pair"("x", "y") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Link" ADD CONSTRAINT "Link_x3_y3_fkey" FOREIGN KEY ("x3", "y3") REFERENCES "Pair"("x", "y") ON DELETE RESTRICT ON UPDATE CASCADE;
