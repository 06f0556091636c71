/*
  Warnings:

  - You are about to drop the column `phone` on the `users` table. All the data in the column will be lost.
  - Added the required column `session_id` to the `behavior_logs` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "users" DROP COLUMN "phone";

-- AlterTable
ALTER TABLE "behavior_logs" ADD COLUMN     "session_id" UUID NOT NULL;

-- CreateIndex
CREATE INDEX "behavior_logs_session_id_idx" ON "behavior_logs"("session_id");
