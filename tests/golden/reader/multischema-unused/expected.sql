-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "alpha";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "b";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "legacy";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "zeta";

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public";

-- CreateEnum
CREATE TYPE "b"."Plan" AS ENUM ('FREE', 'PRO');

-- CreateTable
CREATE TABLE "zeta"."Account" (
    "id" INTEGER NOT NULL,
    "email" CITEXT NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alpha"."Tag" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "legacy"."OldThing" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "OldThing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "zeta"."_AccountToTag" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_AccountToTag_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "_AccountToTag_B_index" ON "zeta"."_AccountToTag"("B");

-- AddForeignKey
ALTER TABLE "zeta"."_AccountToTag" ADD CONSTRAINT "_AccountToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "zeta"."Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "zeta"."_AccountToTag" ADD CONSTRAINT "_AccountToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "alpha"."Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;
