-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TeamBootstrap" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "staffId" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutboundEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestId" TEXT,
    "customerRef" TEXT,
    "toCipher" TEXT,
    "bodyCipher" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ShopSettings" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "verificationCodeMinutes" INTEGER NOT NULL DEFAULT 15,
    "exportLinkDays" INTEGER NOT NULL DEFAULT 7,
    "closedRequestMonths" INTEGER NOT NULL DEFAULT 24,
    "consentRecordYears" INTEGER NOT NULL DEFAULT 5,
    "webhookPayloadDays" INTEGER NOT NULL DEFAULT 30,
    "regulations" TEXT NOT NULL DEFAULT 'gdpr,uk_gdpr,ccpa,lgpd',
    "clockStart" TEXT NOT NULL DEFAULT 'receipt',
    "notificationEmailsCipher" TEXT,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_ShopSettings" ("clockStart", "closedRequestMonths", "consentRecordYears", "exportLinkDays", "regulations", "shopDomain", "updatedAt", "verificationCodeMinutes", "webhookPayloadDays") SELECT "clockStart", "closedRequestMonths", "consentRecordYears", "exportLinkDays", "regulations", "shopDomain", "updatedAt", "verificationCodeMinutes", "webhookPayloadDays" FROM "ShopSettings";
DROP TABLE "ShopSettings";
ALTER TABLE "new_ShopSettings" RENAME TO "ShopSettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StaffMember_shopDomain_role_idx" ON "StaffMember"("shopDomain", "role");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_shopDomain_staffId_key" ON "StaffMember"("shopDomain", "staffId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboundEmail_key_key" ON "OutboundEmail"("key");

-- CreateIndex
CREATE INDEX "OutboundEmail_shopDomain_customerRef_idx" ON "OutboundEmail"("shopDomain", "customerRef");

-- CreateIndex
CREATE INDEX "OutboundEmail_requestId_idx" ON "OutboundEmail"("requestId");

