-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'new',
    "actorId" TEXT,
    "sourceRef" TEXT,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "count" INTEGER NOT NULL DEFAULT 1,
    "details" TEXT NOT NULL,
    "auditSeq" INTEGER,
    "raisedAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "breachId" TEXT
);

-- CreateTable
CREATE TABLE "AlertCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "windowEnds" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertSettings" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "exportThreshold" INTEGER NOT NULL DEFAULT 20,
    "exportWindowMinutes" INTEGER NOT NULL DEFAULT 60,
    "failureThreshold" INTEGER NOT NULL DEFAULT 10,
    "failureWindowMinutes" INTEGER NOT NULL DEFAULT 15,
    "mfaThreshold" INTEGER NOT NULL DEFAULT 5,
    "mfaWindowMinutes" INTEGER NOT NULL DEFAULT 15,
    "deadlineWarningDays" INTEGER NOT NULL DEFAULT 3,
    "workingHoursEnabled" BOOLEAN NOT NULL DEFAULT false,
    "workStartHour" INTEGER NOT NULL DEFAULT 8,
    "workEndHour" INTEGER NOT NULL DEFAULT 19,
    "workDays" TEXT NOT NULL DEFAULT '1,2,3,4,5',
    "reviewMonths" INTEGER NOT NULL DEFAULT 3,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AccessReview" (
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "confirmedAt" DATETIME NOT NULL,
    "confirmedBy" TEXT NOT NULL,

    PRIMARY KEY ("shopDomain", "staffId")
);

-- CreateIndex
CREATE INDEX "Alert_shopDomain_status_raisedAt_idx" ON "Alert"("shopDomain", "status", "raisedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_shopDomain_dedupeKey_key" ON "Alert"("shopDomain", "dedupeKey");

-- CreateIndex
CREATE INDEX "AlertCounter_windowEnds_idx" ON "AlertCounter"("windowEnds");

-- CreateIndex
CREATE INDEX "AlertCounter_shopDomain_idx" ON "AlertCounter"("shopDomain");

