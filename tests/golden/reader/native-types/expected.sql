-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "T" (
    "id" SMALLSERIAL NOT NULL,
    "a" VARCHAR NOT NULL,
    "b" CHAR(10) NOT NULL,
    "c" BIT(3) NOT NULL,
    "d" VARBIT NOT NULL,
    "e" TIMESTAMP(0) NOT NULL,
    "f" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "g" TIME(2) NOT NULL,
    "h" TIMETZ NOT NULL,
    "i" DECIMAL(10,0) NOT NULL,
    "j" MONEY NOT NULL DEFAULT 1.5,
    "k" XML NOT NULL,
    "l" INET NOT NULL DEFAULT '127.0.0.1',
    "m" OID NOT NULL,
    "n" JSONB NOT NULL DEFAULT '{"a": 1}',
    "o" JSON NOT NULL DEFAULT '[]',
    "p" BYTEA NOT NULL DEFAULT '\x68656c6c6f',
    "q" UUID NOT NULL DEFAULT gen_random_uuid(),
    "r" REAL NOT NULL DEFAULT 1.5,
    "s" DOUBLE PRECISION NOT NULL,
    "t" SERIAL NOT NULL,
    "u" DATE NOT NULL DEFAULT '2020-01-01 00:00:00 +00:00',
    "v" BIGSERIAL NOT NULL,
    "w" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "x" INTEGER[] DEFAULT ARRAY[1, 2]::INTEGER[],
    "y" BOOLEAN[] DEFAULT ARRAY[true, false]::BOOLEAN[],
    "aa" JSONB[] DEFAULT ARRAY['{}', '[1]']::JSONB[],
    "ab" CHAR NOT NULL,
    "ac" BIT NOT NULL,
    "ag" BIGINT NOT NULL DEFAULT 9007199254740993,
    "ai" CHAR(3) NOT NULL DEFAULT 'ab',
    "aj" VARCHAR(20) DEFAULT 'x',
    "ak" TIME NOT NULL DEFAULT '1970-01-01 10:00:00 +00:00',
    "al" DECIMAL(5,2)[] DEFAULT ARRAY[1.25]::DECIMAL(5,2)[],
    "am" VARCHAR(10)[] DEFAULT ARRAY['a']::VARCHAR(10)[],
    "an" DOUBLE PRECISION[] DEFAULT ARRAY[1, 2.5]::DOUBLE PRECISION[],
    "ao" TIMESTAMPTZ(3) NOT NULL DEFAULT '2020-01-01 00:00:00 +00:00',

    CONSTRAINT "T_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indexed" (
    "id" INTEGER NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "Indexed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Indexed_kind_idx" ON "Indexed"("kind");

-- CreateIndex
CREATE INDEX "partial_idx" ON "Indexed"("kind", "day") WHERE (id > 10);
