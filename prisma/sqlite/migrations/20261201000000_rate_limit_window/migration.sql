-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "windowEnds" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RateLimitWindow_windowEnds_idx" ON "RateLimitWindow"("windowEnds");
