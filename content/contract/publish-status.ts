/**
 * The last publish of the site, as the publisher reports it to the CMS (`PUT /praxis/publish-status`),
 * so that the admin can show partners whether their change is live and, when a build failed, why.
 */
export interface PublishStatus {
  /** "building" while a build runs; "live" once its release is served; "failed" when it was refused. */
  state: 'building' | 'live' | 'failed';
  /** What started it, e.g. "entry.publish api::resource.resource" or "start". */
  trigger: string;
  startedAt: string;
  finishedAt?: string;
  /** Why a build failed, in one line; the release that is live stays live. */
  reason?: string;
  /** The release now served, and its pages. */
  liveRelease?: string | undefined;
  pages?: number;
  seconds?: number;
  /**
   * Entries the build left out because the site cannot take them (everything else went live): each
   * named ("resources/it/kit-connect"), with why, and whether the version live before is still served.
   */
  rejected?: RejectedEntry[];
}

/** An entry a build left out, as the publish status names it. */
export interface RejectedEntry {
  entry: string;
  reason: string;
  /** True: its last good version is still on the site; false: it has no page yet. */
  kept: boolean;
}
