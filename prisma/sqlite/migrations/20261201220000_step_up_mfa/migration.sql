-- CreateTable
CREATE TABLE "MfaFactor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "secretCipher" TEXT NOT NULL,
    "confirmedAt" DATETIME,
    "lastTimeStep" INTEGER NOT NULL DEFAULT 0,
    "verifiedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MfaRecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MfaPolicy" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "protectedActions" TEXT NOT NULL,
    "stepUpMinutes" INTEGER NOT NULL DEFAULT 10,
    "requireEnrollment" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "MfaFactor_shopDomain_staffId_key" ON "MfaFactor"("shopDomain", "staffId");

-- CreateIndex
CREATE UNIQUE INDEX "MfaRecoveryCode_shopDomain_staffId_codeHash_key" ON "MfaRecoveryCode"("shopDomain", "staffId", "codeHash");

