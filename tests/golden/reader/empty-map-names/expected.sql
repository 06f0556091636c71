-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "E" AS ENUM ('', 'B');

-- CreateTable
CREATE TABLE "" (
    "id" INTEGER NOT NULL,
    "e" "E" NOT NULL DEFAULT '',

    CONSTRAINT "_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "N" (
    "" INTEGER NOT NULL,

    CONSTRAINT "N_pkey" PRIMARY KEY ("")
);
