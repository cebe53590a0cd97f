-- CreateTable
CREATE TABLE "MfaFactor" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "secretCipher" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "lastTimeStep" INTEGER NOT NULL DEFAULT 0,
    "verifiedUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MfaFactor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MfaRecoveryCode" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MfaRecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MfaPolicy" (
    "shopDomain" TEXT NOT NULL,
    "protectedActions" TEXT NOT NULL,
    "stepUpMinutes" INTEGER NOT NULL DEFAULT 10,
    "requireEnrollment" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MfaPolicy_pkey" PRIMARY KEY ("shopDomain")
);

-- CreateIndex
CREATE UNIQUE INDEX "MfaFactor_shopDomain_staffId_key" ON "MfaFactor"("shopDomain", "staffId");

-- CreateIndex
CREATE UNIQUE INDEX "MfaRecoveryCode_shopDomain_staffId_codeHash_key" ON "MfaRecoveryCode"("shopDomain", "staffId", "codeHash");

