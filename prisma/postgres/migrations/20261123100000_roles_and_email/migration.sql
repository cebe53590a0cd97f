-- AlterTable
ALTER TABLE "ShopSettings" DROP COLUMN "notificationEmails",
ADD COLUMN     "notificationEmailsCipher" TEXT;

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamBootstrap" (
    "shopDomain" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamBootstrap_pkey" PRIMARY KEY ("shopDomain")
);

-- CreateTable
CREATE TABLE "OutboundEmail" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestId" TEXT,
    "customerRef" TEXT,
    "toCipher" TEXT,
    "bodyCipher" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboundEmail_pkey" PRIMARY KEY ("id")
);

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

