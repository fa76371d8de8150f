/// The seeded channel table, one row per channel, from each platform's own documentation as read on the date in
/// the row. A figure marked "not re-checked" is widely documented but was not found on the platform's own pages
/// when the row was written; it is the first to check when a platform refuses a post the table let through.
/// The feed preview's figures (`displayName`, `feedAspect`, `feedCut`) are what the feeds show, which no platform
/// documents: each is from the third-party page named next to it, and none is re-checked.
enum ChannelTable {
    static let read = "2026-12-06"
    static let stills = ["jpeg", "png", "webp", "gif"]
    static let all = stills + ["mp4"]

    static let rows: [ChannelRule] = [
        // Text: https://docs.x.com/fundamentals/counting-characters and twitter-text's config/v3.json
        // (maxWeightedTweetLength 280, scale 100, defaultWeight 200, transformedURLLength 23, emoji parsing on).
        // Media: docs.x.com's x-api/media/quickstart/best-practices (4 photos, or 1 GIF, or 1 video, in a Post);
        // video length 140 s and aspect 1:3 to 3:1 per X's media best practices (not re-checked).
        ChannelRule(
            channel: "x", maxText: 280, counting: .twitterWeighted, linkLength: 23,
            media: MediaRules(
                maxItems: 4, maxVideos: 1, types: all, aspect: AspectRatio(1, 3)...AspectRatio(3, 1),
                maxVideoSeconds: 140),
            // Feed: a single picture cropped to 16:9, the text shown whole, per
            // https://tacticsocial.com/social-media-sizes/x-twitter (not re-checked).
            displayName: "X", feedAspect: AspectRatio(16, 9)...AspectRatio(16, 9),
            source: "https://docs.x.com/fundamentals/counting-characters", read: read),
        // Text: app.bsky.feed.post's lexicon, text maxGraphemes 300 and maxLength 3000 (UTF-8 bytes), as
        // published in @atcute/bluesky's limits (https://app.unpkg.com/@atcute/bluesky@3.3.0/files/lib/limits.ts).
        // Media: 4 images or 1 video, video up to 3 minutes (not re-checked).
        ChannelRule(
            channel: "bluesky", maxText: 300, counting: .graphemes, maxTextBytes: 3000,
            media: MediaRules(maxItems: 4, maxVideos: 1, types: all, maxVideoSeconds: 180),
            // Feed: a picture at its own ratio, the text whole (not re-checked).
            displayName: "Bluesky",
            source: "https://app.unpkg.com/@atcute/bluesky@3.3.0/files/lib/limits.ts", read: read),
        // Text: https://docs.joinmastodon.org/user/posting/ (500 characters by default, links count 23, a remote
        // mention counts without its domain); counted by grapheme, as Mastodon's server does (not re-checked).
        // Media: 4 attachments (not re-checked); a server may change all of these.
        ChannelRule(
            channel: "mastodon", maxText: 500, counting: .mastodon, linkLength: 23,
            media: MediaRules(maxItems: 4, maxVideos: 1, types: all),
            // Feed: a picture at its own ratio, the text whole unless behind a content warning (not re-checked).
            displayName: "Mastodon",
            source: "https://docs.joinmastodon.org/user/posting/", read: read),
        // Text: https://developers.facebook.com/documentation/threads/posts ("Text posts are limited to 500
        // characters. Emojis are counted as the number of UTF-8 bytes."); links: at most 5,
        // https://developers.facebook.com/documentation/threads/create-posts/text-attachments.
        // Media: carousel of up to 20 items (not re-checked).
        ChannelRule(
            channel: "threads", maxText: 500, counting: .emojiBytes, maxLinks: 5,
            media: MediaRules(maxItems: 20, types: all),
            // Feed: a picture at its own ratio, the text whole (not re-checked).
            displayName: "Threads",
            source: "https://developers.facebook.com/documentation/threads/posts", read: read),
        // Caption: 2,200 characters ("a 2200 character limit on captions"), from
        // https://developers.facebook.com/docs/instagram/ads-api/reference/media-requirements/; 30 hashtags and
        // 20 @ tags per the IG User Media reference (not re-checked; third-party guides read in 2026 say Instagram
        // now keeps 5 hashtags). Counted in UTF-16 units: Meta does not say. Media: carousel of 10, feed pictures
        // 4:5 to 1.91:1, reels up to 15 minutes (not re-checked).
        ChannelRule(
            channel: "instagram", maxText: 2200, counting: .utf16, maxHashtags: 30, maxMentions: 20,
            media: MediaRules(
                maxItems: 10, types: ["jpeg", "png", "mp4"], aspect: AspectRatio(4, 5)...AspectRatio(191, 100),
                maxVideoSeconds: 900),
            // Feed: a single picture between 4:5 and 1.91:1, cropped to the nearest (as the media rules above);
            // the caption cut after 125 characters, per https://charactercounter.com/instagram (not re-checked).
            displayName: "Instagram", feedAspect: AspectRatio(4, 5)...AspectRatio(191, 100), feedCut: 125,
            source: "https://developers.facebook.com/docs/instagram/ads-api/reference/media-requirements/",
            read: read),
        // Post text 3,000 characters: no LinkedIn page was in reach, so the figure is the one schedulers document,
        // e.g. https://www.ayrshare.com/docs/apis/post/social-networks/linkedin. Counted in UTF-16 units: LinkedIn
        // does not say. Media: up to 20 images or 1 video (not re-checked).
        ChannelRule(
            channel: "linkedin", maxText: 3000, counting: .utf16,
            media: MediaRules(maxItems: 20, maxVideos: 1, types: all),
            // Feed: a picture at its own ratio; the text cut after about 210 characters ("see more"), per
            // https://web-3-apps.com/char-counter/articles/linkedin-post-length/ (not re-checked).
            displayName: "LinkedIn", feedCut: 210,
            source: "https://www.ayrshare.com/docs/apis/post/social-networks/linkedin (not re-checked)",
            read: read),
        // Post text 63,206 characters: no Facebook page was in reach, so the figure is the widely documented one,
        // e.g. in the platform-limits reference of github.com/coreyhaines31/marketingskills. Counted in UTF-16
        // units. Media limits are not documented in one place, so none are checked.
        ChannelRule(
            channel: "facebook", maxText: 63_206, counting: .utf16,
            media: MediaRules(types: all),
            // Feed: a picture at its own ratio; the text cut after about 477 characters on a desktop ("See more"),
            // per https://www.posthell.com/tools/facebook-character-counter (not re-checked).
            displayName: "Facebook", feedCut: 477,
            source: "https://github.com/coreyhaines31/marketingskills (platform-limits.md; not re-checked)",
            read: read),
    ]
}
