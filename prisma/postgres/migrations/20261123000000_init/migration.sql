-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
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
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'installed',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "ShopErasure" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "webhookId" TEXT,
    "erasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "summary" TEXT NOT NULL,

    CONSTRAINT "ShopErasure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "apiVersion" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payloadCipher" TEXT,
    "payloadSha256" TEXT NOT NULL,
    "payloadBytes" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "problem" TEXT,
    "processedAt" TIMESTAMP(3),
    "customerRef" TEXT,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
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
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "shopDomain" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("shopDomain")
);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "regulation" TEXT NOT NULL,
    "clockStartsAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "extendedDueAt" TIMESTAMP(3),
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
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closeReason" TEXT,
    "anonymisedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestTransition" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RequestTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestMessage" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "customerRef" TEXT,
    "kind" TEXT NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationCode" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "customerRef" TEXT,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportFile" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "customerRef" TEXT,
    "format" TEXT NOT NULL,
    "contentCipher" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExportFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "customerRef" TEXT,
    "noticeVersion" TEXT NOT NULL,
    "categories" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "region" TEXT,
    "gpc" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopSettings" (
    "shopDomain" TEXT NOT NULL,
    "verificationCodeMinutes" INTEGER NOT NULL DEFAULT 15,
    "exportLinkDays" INTEGER NOT NULL DEFAULT 7,
    "closedRequestMonths" INTEGER NOT NULL DEFAULT 24,
    "consentRecordYears" INTEGER NOT NULL DEFAULT 5,
    "webhookPayloadDays" INTEGER NOT NULL DEFAULT 30,
    "regulations" TEXT NOT NULL DEFAULT 'gdpr,uk_gdpr,ccpa,lgpd',
    "clockStart" TEXT NOT NULL DEFAULT 'receipt',
    "notificationEmails" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shopDomain")
);

-- CreateTable
CREATE TABLE "BreachIncident" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "discoveredAt" TIMESTAMP(3) NOT NULL,
    "descriptionCipher" TEXT NOT NULL,
    "dataCategories" TEXT NOT NULL,
    "approxPeopleAffected" INTEGER NOT NULL,
    "containmentCipher" TEXT,
    "authorityNotifiedAt" TIMESTAMP(3),
    "peopleNotifiedAt" TIMESTAMP(3),
    "notificationNotNeeded" BOOLEAN NOT NULL DEFAULT false,
    "notNeededReason" TEXT,
    "closedAt" TIMESTAMP(3),
    "integrityHash" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BreachIncident_pkey" PRIMARY KEY ("id")
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

