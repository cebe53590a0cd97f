-- CreateTable
CREATE TABLE "TrackerScan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "findings" TEXT,
    "pages" TEXT,
    "issues" TEXT,
    "error" TEXT,
    "durationMs" INTEGER,
    "requestedAt" DATETIME NOT NULL,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ScannerSettings" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "storefrontUrl" TEXT,
    "extraPaths" TEXT NOT NULL DEFAULT '',
    "passwordCipher" TEXT,
    "scheduleEnabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CookieDeclarationEdit" (
    "shopDomain" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "category" TEXT,
    "provider" TEXT,
    "purpose" TEXT,
    "retention" TEXT,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopDomain", "key")
);

-- CreateIndex
CREATE INDEX "TrackerScan_shopDomain_requestedAt_idx" ON "TrackerScan"("shopDomain", "requestedAt");

-- CreateIndex
CREATE INDEX "TrackerScan_shopDomain_status_idx" ON "TrackerScan"("shopDomain", "status");

