-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "T" (
    "id" INTEGER NOT NULL,
    "a" TEXT NOT NULL,
    "b" INTEGER NOT NULL,
    "c" TEXT NOT NULL,
    "d" JSONB NOT NULL,
    "e" TEXT[],
    "f" INET NOT NULL,
    "g" INTEGER NOT NULL,
    "h" TIMESTAMP(3) NOT NULL,
    "eye" TEXT NOT NULL,
    "j" tsvector,
    "k" int4range,
    "l" INTEGER[],
    "m" VARCHAR(20) NOT NULL,
    "n" DECIMAL(65,30) NOT NULL,
    "o" UUID NOT NULL,
    "p" BIGINT NOT NULL,
    "q" CHAR(5) NOT NULL,

    CONSTRAINT "t_pk" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "a_uq" ON "T"("a" DESC);

-- CreateIndex
CREATE INDEX "T_b_c_idx" ON "T"("b" DESC, "c" ASC);

-- CreateIndex
CREATE INDEX "T_c_idx" ON "T" USING HASH ("c");

-- CreateIndex
CREATE INDEX "T_d_idx" ON "T" USING GIN ("d" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "T_e_idx" ON "T" USING GIN ("e");

-- CreateIndex
CREATE INDEX "T_f_idx" ON "T" USING GIST ("f" inet_ops);

-- CreateIndex
CREATE INDEX "T_g_h_idx" ON "T" USING BRIN ("g" int4_minmax_ops, "h" timestamp_minmax_ops);

-- CreateIndex
CREATE INDEX "c_pattern" ON "T"("c" text_pattern_ops, "m" varchar_pattern_ops);

-- CreateIndex
CREATE INDEX "named_idx" ON "T"("eye", "c");

-- CreateIndex
CREATE INDEX "mapped_idx" ON "T"("b", "g");

-- CreateIndex
CREATE INDEX "T_j_idx" ON "T" USING GIN ("j");

-- CreateIndex
CREATE INDEX "T_k_idx" ON "T" USING GIST ("k");

-- CreateIndex
CREATE INDEX "trgm" ON "T" USING GIN ("c" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "arr" ON "T" USING GIN ("l" array_ops);

-- CreateIndex
CREATE INDEX "spg" ON "T" USING SPGIST ("m" text_ops);

-- CreateIndex
CREATE INDEX "brin3" ON "T" USING BRIN ("n" numeric_minmax_ops, "o" uuid_minmax_ops, "p" int8_bloom_ops);

-- CreateIndex
CREATE INDEX "brin4" ON "T" USING BRIN ("q" bpchar_minmax_ops);

-- CreateIndex
CREATE INDEX "gin_jsonb_ops" ON "T" USING GIN ("d" jsonb_ops);

-- CreateIndex
CREATE INDEX "brin5" ON "T" USING BRIN ("o" uuid_bloom_ops, "h" timestamp_minmax_multi_ops);

-- CreateIndex
CREATE UNIQUE INDEX "bg_uq" ON "T"("b", "g");

-- CreateIndex
CREATE UNIQUE INDEX "T_c_b_key" ON "T"("c", "b");

-- CreateIndex
CREATE UNIQUE INDEX "T_g_p_key" ON "T"("g" ASC, "p" DESC);
