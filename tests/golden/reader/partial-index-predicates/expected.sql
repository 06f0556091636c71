-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Partial" (
    "id" INTEGER NOT NULL,
    "a" INTEGER NOT NULL,
    "b" INTEGER NOT NULL,

    CONSTRAINT "Partial_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "wrapped_idx" ON "Partial"("a") WHERE (a > 0);

-- CreateIndex
CREATE INDEX "both_idx" ON "Partial"("b") WHERE (a > 0) AND (b > 0);

-- CreateIndex
CREATE UNIQUE INDEX "unwrapped_key" ON "Partial"("b") WHERE (a IS NULL);
