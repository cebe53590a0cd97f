-- CreateTable
CREATE TABLE "AuditStream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secretCipher" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "deliveredSeq" INTEGER NOT NULL DEFAULT 0,
    "deliveredAt" DATETIME,
    "lastCheckpointAt" DATETIME,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AuditStream_shopDomain_idx" ON "AuditStream"("shopDomain");
