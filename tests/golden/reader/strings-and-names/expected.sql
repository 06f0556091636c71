-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "mood type" AS ENUM ('happy 😀', 'a"b');

-- CreateTable
CREATE TABLE "weird table" (
    "ID col" INTEGER NOT NULL,
    "mood" "mood type" NOT NULL DEFAULT 'happy 😀',
    "moods" "mood type"[] DEFAULT ARRAY['happy 😀', 'a"b']::"mood type"[],
    "quote" TEXT NOT NULL DEFAULT 'x''y "z"',
    "uni" TEXT NOT NULL DEFAULT 'ünïcödé ✓ é😀',
    "escapes" TEXT NOT NULL DEFAULT 'a	b
c\d/e',
    "empty" TEXT NOT NULL DEFAULT '',
    "json" JSONB NOT NULL DEFAULT '{"k": "v''q"}',
    "big" BIGINT NOT NULL DEFAULT -9223372036854775808,
    "neg" INTEGER NOT NULL DEFAULT -2147483648,
    "circle" circle,
    "range" tstzrange,
    "arr" text[],
    "ts" tsvector DEFAULT to_tsvector('english'::regconfig, ''::text),
    "hidden" TEXT,
    "nogen" TEXT NOT NULL,

    CONSTRAINT "weird table_pkey" PRIMARY KEY ("ID col")
);

-- CreateIndex
CREATE INDEX "mood idx" ON "weird table"("mood");
