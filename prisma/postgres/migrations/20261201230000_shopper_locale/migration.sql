-- AlterTable
ALTER TABLE "PrivacyRequest" ADD COLUMN "locale" TEXT;
