-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "AccountingPeriodReconciliationEntry" (
    "identifierOfTheReconciliationEntryItself" SERIAL NOT NULL,
    "organizationIdentifierForThisParticularRow" TEXT NOT NULL,
    "fiscalYearBeginningDateForReporting" TIMESTAMP(3) NOT NULL,
    "counterpartyAccountIdentifier" TEXT NOT NULL,

    CONSTRAINT "AccountingPeriodReconciliationEntry_pkey" PRIMARY KEY ("identifierOfTheReconciliationEntryItself")
);

-- CreateTable
CREATE TABLE "AccountingCounterpartyWithAVeryLongName" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,

    CONSTRAINT "AccountingCounterpartyWithAVeryLongName_pkey" PRIMARY KEY ("id","organizationId")
);

-- CreateTable
CREATE TABLE "LabelForCounterpartiesWithAnEvenLongerNameThanTheOthersHave" (
    "id" SERIAL NOT NULL,

    CONSTRAINT "LabelForCounterpartiesWithAnEvenLongerNameThanTheOthersHav_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_AccountingPeriodReconciliationEntryToLabelForCounterpartiesWit" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_AccountingPeriodReconciliationEntryToLabelForCounterpa_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE INDEX "AccountingPeriodReconciliationEntry_organizationIdentifierF_idx" ON "AccountingPeriodReconciliationEntry"("organizationIdentifierForThisParticularRow", "fiscalYearBeginningDateForReporting", "counterpartyAccountIdentifier");

-- CreateIndex
CREATE UNIQUE INDEX "AccountingPeriodReconciliationEntry_organizationIdentifierF_key" ON "AccountingPeriodReconciliationEntry"("organizationIdentifierForThisParticularRow", "fiscalYearBeginningDateForReporting");

-- CreateIndex
CREATE INDEX "_AccountingPeriodReconciliationEntryToLabelForCounterpa_B_index" ON "_AccountingPeriodReconciliationEntryToLabelForCounterpartiesWit"("B");

-- AddForeignKey
ALTER TABLE "AccountingPeriodReconciliationEntry" ADD CONSTRAINT "AccountingPeriodReconciliationEntry_counterpartyAccountIde_fkey" FOREIGN KEY ("counterpartyAccountIdentifier", "organizationIdentifierForThisParticularRow") REFERENCES "AccountingCounterpartyWithAVeryLongName"("id", "organizationId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AccountingPeriodReconciliationEntryToLabelForCounterpartiesWit" ADD CONSTRAINT "_AccountingPeriodReconciliationEntryToLabelForCounterpar_A_fkey" FOREIGN KEY ("A") REFERENCES "AccountingPeriodReconciliationEntry"("identifierOfTheReconciliationEntryItself") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_AccountingPeriodReconciliationEntryToLabelForCounterpartiesWit" ADD CONSTRAINT "_AccountingPeriodReconciliationEntryToLabelForCounterpar_B_fkey" FOREIGN KEY ("B") REFERENCES "LabelForCounterpartiesWithAnEvenLongerNameThanTheOthersHave"("id") ON DELETE CASCADE ON UPDATE CASCADE;
