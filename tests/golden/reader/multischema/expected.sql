-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "auth";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "base";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "base"."Kind" AS ENUM ('A', 'B');

-- CreateTable
CREATE TABLE "auth"."User" (
    "id" UUID NOT NULL,
    "kind" "base"."Kind" NOT NULL DEFAULT 'A',
    "kinds" "base"."Kind"[],
    "at" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "n" INTEGER NOT NULL DEFAULT 3000000000,
    "f" DOUBLE PRECISION NOT NULL DEFAULT 1000.25,
    "d" DECIMAL(65,30) NOT NULL DEFAULT 3,
    "ts" TIMESTAMP(3) NOT NULL DEFAULT '2020-01-02 03:04:05 +00:00',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "base"."teams" (
    "id" SERIAL NOT NULL,
    "ownerId" UUID NOT NULL,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User2" (
    "id" UUID NOT NULL,

    CONSTRAINT "User2_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "base"."_TeamToUser" (
    "A" INTEGER NOT NULL,
    "B" UUID NOT NULL,

    CONSTRAINT "_TeamToUser_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "_TeamToUser_B_index" ON "base"."_TeamToUser"("B");

-- AddForeignKey
ALTER TABLE "base"."teams" ADD CONSTRAINT "teams_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User2"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "base"."_TeamToUser" ADD CONSTRAINT "_TeamToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "base"."teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "base"."_TeamToUser" ADD CONSTRAINT "_TeamToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "auth"."User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
