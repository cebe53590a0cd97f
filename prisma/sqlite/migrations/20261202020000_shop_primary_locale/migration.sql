-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "primaryLocale" TEXT;
