-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "ianaTimezone" TEXT;

-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN "nameCipher" TEXT;
