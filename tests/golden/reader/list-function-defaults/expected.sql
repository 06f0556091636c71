-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Quirk" (
    "id" INTEGER NOT NULL,
    "numbers" SERIAL[],
    "bigs" BIGSERIAL[],
    "moments" TIMESTAMP(3)[] DEFAULT CURRENT_TIMESTAMP,
    "ids" TEXT[],
    "raw" TEXT[] DEFAULT ARRAY[]::text[],

    CONSTRAINT "Quirk_pkey" PRIMARY KEY ("id")
);
