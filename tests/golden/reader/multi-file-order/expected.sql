-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "InUpperB" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "InUpperB_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InA" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "InA_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InAB" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "InAB_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InSubDir" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "InSubDir_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InSub_" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "InSub__pkey" PRIMARY KEY ("id")
);
