-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'installed',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ShopErasure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "webhookId" TEXT,
    "erasedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "summary" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "apiVersion" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payloadCipher" TEXT,
    "payloadSha256" TEXT NOT NULL,
    "payloadBytes" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "problem" TEXT,
    "processedAt" DATETIME,
    "customerRef" TEXT
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "subjectRef" TEXT,
    "reason" TEXT,
    "metadata" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "regulation" TEXT NOT NULL,
    "clockStartsAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "extendedDueAt" DATETIME,
    "extensionReason" TEXT,
    "customerRef" TEXT,
    "emailRef" TEXT,
    "phoneRef" TEXT,
    "customerIdCipher" TEXT,
    "emailCipher" TEXT,
    "phoneCipher" TEXT,
    "nameCipher" TEXT,
    "detailsCipher" TEXT,
    "shopifyDataRequestId" TEXT,
    "integrityHash" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "verifiedAt" DATETIME,
    "closedAt" DATETIME,
    "closeReason" TEXT,
    "anonymisedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RequestTransition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "reason" TEXT,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RequestMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "customerRef" TEXT,
    "kind" TEXT NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "VerificationCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "customerRef" TEXT,
    "codeHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "consumedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ExportFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "customerRef" TEXT,
    "format" TEXT NOT NULL,
    "contentCipher" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "customerRef" TEXT,
    "noticeVersion" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "region" TEXT,
    "gpc" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "recordedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shopDomain" TEXT NOT NULL PRIMARY KEY,
    "verificationCodeMinutes" INTEGER NOT NULL DEFAULT 15,
    "exportLinkDays" INTEGER NOT NULL DEFAULT 7,
    "closedRequestMonths" INTEGER NOT NULL DEFAULT 24,
    "consentRecordYears" INTEGER NOT NULL DEFAULT 5,
    "webhookPayloadDays" INTEGER NOT NULL DEFAULT 30,
    "regulations" TEXT NOT NULL DEFAULT 'gdpr,uk_gdpr,ccpa,lgpd',
    "clockStart" TEXT NOT NULL DEFAULT 'receipt',
    "notificationEmails" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BreachIncident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "discoveredAt" DATETIME NOT NULL,
    "descriptionCipher" TEXT NOT NULL,
    "dataCategories" TEXT NOT NULL,
    "approxPeopleAffected" INTEGER NOT NULL,
    "containmentCipher" TEXT,
    "authorityNotifiedAt" DATETIME,
    "peopleNotifiedAt" DATETIME,
    "notificationNotNeeded" BOOLEAN NOT NULL DEFAULT false,
    "notNeededReason" TEXT,
    "closedAt" DATETIME,
    "integrityHash" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "ShopErasure_shopDomain_idx" ON "ShopErasure"("shopDomain");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_webhookId_key" ON "WebhookEvent"("webhookId");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopDomain_receivedAt_idx" ON "WebhookEvent"("shopDomain", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_shopDomain_customerRef_idx" ON "WebhookEvent"("shopDomain", "customerRef");

-- CreateIndex
CREATE INDEX "WebhookEvent_status_idx" ON "WebhookEvent"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE INDEX "Job_shopDomain_idx" ON "Job"("shopDomain");

-- CreateIndex
CREATE INDEX "AuditEntry_shopDomain_action_idx" ON "AuditEntry"("shopDomain", "action");

-- CreateIndex
CREATE INDEX "AuditEntry_shopDomain_subjectId_idx" ON "AuditEntry"("shopDomain", "subjectId");

-- CreateIndex
CREATE INDEX "AuditEntry_shopDomain_subjectRef_idx" ON "AuditEntry"("shopDomain", "subjectRef");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_shopDomain_seq_key" ON "AuditEntry"("shopDomain", "seq");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopDomain_status_dueAt_idx" ON "PrivacyRequest"("shopDomain", "status", "dueAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopDomain_customerRef_idx" ON "PrivacyRequest"("shopDomain", "customerRef");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopDomain_emailRef_idx" ON "PrivacyRequest"("shopDomain", "emailRef");

-- CreateIndex
CREATE INDEX "PrivacyRequest_shopDomain_phoneRef_idx" ON "PrivacyRequest"("shopDomain", "phoneRef");

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyRequest_shopDomain_reference_key" ON "PrivacyRequest"("shopDomain", "reference");

-- CreateIndex
CREATE INDEX "RequestTransition_requestId_at_idx" ON "RequestTransition"("requestId", "at");

-- CreateIndex
CREATE INDEX "RequestTransition_shopDomain_idx" ON "RequestTransition"("shopDomain");

-- CreateIndex
CREATE INDEX "RequestMessage_requestId_idx" ON "RequestMessage"("requestId");

-- CreateIndex
CREATE INDEX "RequestMessage_shopDomain_customerRef_idx" ON "RequestMessage"("shopDomain", "customerRef");

-- CreateIndex
CREATE INDEX "VerificationCode_requestId_idx" ON "VerificationCode"("requestId");

-- CreateIndex
CREATE INDEX "VerificationCode_shopDomain_customerRef_idx" ON "VerificationCode"("shopDomain", "customerRef");

-- CreateIndex
CREATE INDEX "VerificationCode_expiresAt_idx" ON "VerificationCode"("expiresAt");

-- CreateIndex
CREATE INDEX "ExportFile_requestId_idx" ON "ExportFile"("requestId");

-- CreateIndex
CREATE INDEX "ExportFile_shopDomain_customerRef_idx" ON "ExportFile"("shopDomain", "customerRef");

-- CreateIndex
CREATE INDEX "ExportFile_expiresAt_idx" ON "ExportFile"("expiresAt");

-- CreateIndex
CREATE INDEX "ConsentRecord_shopDomain_recordedAt_idx" ON "ConsentRecord"("shopDomain", "recordedAt");

-- CreateIndex
CREATE INDEX "ConsentRecord_shopDomain_visitorId_idx" ON "ConsentRecord"("shopDomain", "visitorId");

-- CreateIndex
CREATE INDEX "ConsentRecord_shopDomain_customerRef_idx" ON "ConsentRecord"("shopDomain", "customerRef");

-- CreateIndex
CREATE INDEX "BreachIncident_shopDomain_discoveredAt_idx" ON "BreachIncident"("shopDomain", "discoveredAt");

