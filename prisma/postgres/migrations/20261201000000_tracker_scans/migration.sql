-- CreateTable
CREATE TABLE "TrackerScan" (
    "id" TEXT NOT NULL,
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
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TrackerScan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScannerSettings" (
    "shopDomain" TEXT NOT NULL,
    "storefrontUrl" TEXT,
    "extraPaths" TEXT NOT NULL DEFAULT '',
    "passwordCipher" TEXT,
    "scheduleEnabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScannerSettings_pkey" PRIMARY KEY ("shopDomain")
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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CookieDeclarationEdit_pkey" PRIMARY KEY ("shopDomain","key")
);

-- CreateIndex
CREATE INDEX "TrackerScan_shopDomain_requestedAt_idx" ON "TrackerScan"("shopDomain", "requestedAt");

-- CreateIndex
CREATE INDEX "TrackerScan_shopDomain_status_idx" ON "TrackerScan"("shopDomain", "status");

