-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN "locale" TEXT;

-- CreateTable
CREATE TABLE "EmailOverride" (
    "shopDomain" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL,

    PRIMARY KEY ("shopDomain", "template", "locale")
);
