-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "EnumWithAnExtremelyLongNameThatGoesBeyondTheSixtyThreeByteLimitOfPg" AS ENUM ('A');

-- CreateTable
CREATE TABLE "table_with_an_extremely_long_name_that_goes_beyond_the_sixty_three" (
    "id" INTEGER NOT NULL,
    "columnWithAnExtremelyLongNameThatGoesBeyondTheSixtyThreeByteLimitX" INTEGER NOT NULL,
    "e" "EnumWithAnExtremelyLongNameThatGoesBeyondTheSixtyThreeByteLimitOfPg" NOT NULL,
    "serial_column_with_an_extremely_long_name_beyond_the_limit_of_pg" SERIAL NOT NULL,

    CONSTRAINT "table_with_an_extremely_long_name_that_goes_beyond_the_six_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChildModelWhoseTableNameIsAlsoQuiteLongButStillUnderTheLimitX" (
    "id" INTEGER NOT NULL,
    "parentReferenceColumnWithAVeryLongNameThatIsLongerThanSixtyThree" INTEGER NOT NULL,

    CONSTRAINT "ChildModelWhoseTableNameIsAlsoQuiteLongButStillUnderTheLim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "table_with_an_extremely_long_name_that_goes_beyond_the_sixt_key" ON "table_with_an_extremely_long_name_that_goes_beyond_the_sixty_three"("columnWithAnExtremelyLongNameThatGoesBeyondTheSixtyThreeByteLimitX");

-- CreateIndex
CREATE INDEX "table_with_an_extremely_long_name_that_goes_beyond_the_sixt_idx" ON "table_with_an_extremely_long_name_that_goes_beyond_the_sixty_three"("e");

-- CreateIndex
CREATE INDEX "ChildModelWhoseTableNameIsAlsoQuiteLongButStillUnderTheLimi_idx" ON "ChildModelWhoseTableNameIsAlsoQuiteLongButStillUnderTheLimitX"("parentReferenceColumnWithAVeryLongNameThatIsLongerThanSixtyThree");

-- AddForeignKey
ALTER TABLE "ChildModelWhoseTableNameIsAlsoQuiteLongButStillUnderTheLimitX" ADD CONSTRAINT "ChildModelWhoseTableNameIsAlsoQuiteLongButStillUnderTheLim_fkey" FOREIGN KEY ("parentReferenceColumnWithAVeryLongNameThatIsLongerThanSixtyThree") REFERENCES "table_with_an_extremely_long_name_that_goes_beyond_the_sixty_three"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
