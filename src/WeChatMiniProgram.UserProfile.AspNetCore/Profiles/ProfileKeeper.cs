using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Keeps one mini program's user profiles: a verified getUserProfile result, a filled-in nickname (msgSecCheck) and
/// avatar (re-encoded, then mediaCheckAsync), the push that decides an avatar, and the erasure of everything a user left.
/// Nothing is half-kept: a check that fails leaves the profile as it was.
/// </summary>
internal sealed partial class ProfileKeeper(
    string appId,
    IWeChatProfileStore profiles,
    IWeChatAvatarStore avatars,
    IWeChatSessionStore sessions,
    WeChatContentSecurityClient contentSecurity,
    AvatarCheckLinks links,
    UserProfileServerOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>The longest nickname kept, in UTF-16 code units.</summary>
    public const int MaxNickNameLength = 64;

    public Task<WeChatProfile?> GetAsync(string openId, CancellationToken cancellationToken) => profiles.GetAsync(appId, openId, cancellationToken);

    /// <summary>Keeps a verified getUserProfile result, unless it is WeChat's anonymous one; its nickname is checked like a filled-in one.</summary>
    public async Task<WeChatProfile?> KeepVerifiedAsync(string openId, string? unionId, DecryptedUserProfile verified, CancellationToken cancellationToken)
    {
        if (verified.IsAnonymous)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var nickName = await CheckNickNameAsync(openId, verified.NickName, ProfileFieldSource.GetUserProfile, cancellationToken).ConfigureAwait(false);
        var avatar = string.IsNullOrEmpty(verified.AvatarUrl) || AnonymousProfile.IsGreyAvatar(verified.AvatarUrl)
            ? null
            : new KeptAvatar(null, verified.AvatarUrl, ProfileFieldSource.GetUserProfile, now, ProfileReviewState.Pass, ContentLabels.Normal);
        var details = new KeptDetails(verified.Gender, verified.Country, verified.Province, verified.City, verified.Language, now);
        string? replaced = null;
        var kept = await profiles.UpdateAsync(appId, openId, stored =>
        {
            replaced = avatar is not null ? stored?.Avatar?.Id : null;
            return (stored ?? new WeChatProfile(appId, openId)) with
            {
                UnionId = unionId ?? stored?.UnionId,
                NickName = nickName ?? stored?.NickName,
                Avatar = avatar ?? stored?.Avatar,
                Details = details,
            };
        }, cancellationToken).ConfigureAwait(false);
        await RemoveImageAsync(openId, replaced, cancellationToken).ConfigureAwait(false);
        return kept;
    }

    /// <summary>Keeps a filled-in nickname: bounded, checked with msgSecCheck (scene 1); a risky one is a 422 and keeps nothing.</summary>
    public async Task<WeChatProfile> SetNickNameAsync(string openId, string? unionId, string nickName, CancellationToken cancellationToken)
    {
        var kept = await CheckNickNameAsync(openId, nickName, ProfileFieldSource.FilledIn, cancellationToken).ConfigureAwait(false)
            ?? throw new WeChatRequestException(StatusCodes.Status400BadRequest, "AnonymousNickName", $"{AnonymousProfile.NickName} is WeChat's placeholder, no user's nickname: ask with <input type=\"nickname\">.");
        return (await profiles.UpdateAsync(appId, openId, stored => (stored ?? new WeChatProfile(appId, openId)) with { UnionId = unionId ?? stored?.UnionId, NickName = kept }, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Keeps a filled-in avatar: re-encoded without metadata, kept as "checking", and sent to mediaCheckAsync through an
    /// expiring link; the push decides. When WeChat refuses the check, the profile is put back as it was.
    /// </summary>
    public async Task<WeChatProfile> SetAvatarAsync(string openId, string? unionId, ReadOnlyMemory<byte> upload, string baseAddress, CancellationToken cancellationToken)
    {
        var jpeg = await AvatarImages.ReencodeAsync(upload, options.MaxAvatarPixels, cancellationToken).ConfigureAwait(false);
        var id = NewAvatarId();
        await avatars.SaveAsync(new KeptAvatarImage(id, appId, openId, AvatarImages.ContentType, jpeg), cancellationToken).ConfigureAwait(false);

        // Kept as checking before WeChat is asked, so that a verdict pushed at once finds it.
        var checking = new KeptAvatar(id, null, ProfileFieldSource.FilledIn, timeProvider.GetUtcNow(), ProfileReviewState.Checking, 0);
        KeptAvatar? previous = null;
        var kept = await profiles.UpdateAsync(appId, openId, stored =>
        {
            previous = stored?.Avatar;
            return (stored ?? new WeChatProfile(appId, openId)) with { UnionId = unionId ?? stored?.UnionId, Avatar = checking };
        }, cancellationToken).ConfigureAwait(false);

        string traceId;
        try
        {
            traceId = await contentSecurity.StartMediaCheckAsync(openId, links.Create(baseAddress, id), ContentMediaType.Image, ContentScene.Profile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WeChatApiException or OperationCanceledException)
        {
            // Nothing half-kept: the avatar before this upload comes back, unless another upload replaced this one meanwhile.
            await profiles.UpdateAsync(appId, openId, stored => stored?.Avatar?.Id == id ? stored with { Avatar = previous } : stored, CancellationToken.None).ConfigureAwait(false);
            await avatars.RemoveAsync(appId, openId, id, CancellationToken.None).ConfigureAwait(false);
            throw ex is WeChatApiException weChat ? CheckFailed(weChat) : ex;
        }

        await profiles.SaveMediaCheckAsync(new MediaCheckTicket(traceId, appId, openId, id), cancellationToken).ConfigureAwait(false);
        await RemoveImageAsync(openId, previous?.Id, cancellationToken).ConfigureAwait(false);
        return kept!;
    }

    /// <summary>Applies a <c>wxa_media_check</c> verdict to the avatar it checked; a verdict for an avatar already replaced changes nothing.</summary>
    public async Task ApplyVerdictAsync(WeChatMediaCheckEvent verdict, CancellationToken cancellationToken)
    {
        // A check this backend did not start for an avatar (the app's own media checks): the app's handler takes it.
        if (await profiles.GetMediaCheckAsync(verdict.TraceId, cancellationToken).ConfigureAwait(false) is not { } ticket || ticket.AppId != appId)
        {
            LogUnknownTrace(logger, appId);
            return;
        }

        var now = timeProvider.GetUtcNow();
        var applied = false;
        await profiles.UpdateAsync(appId, ticket.OpenId, stored =>
        {
            applied = false;
            if (stored?.Avatar is not { State: ProfileReviewState.Checking } avatar || avatar.Id != ticket.AvatarId)
            {
                return stored;
            }

            applied = true;
            if (!verdict.Checked)
            {
                return stored with { Avatar = null }; // WeChat could not download it (-1008): the user is asked again
            }

            var state = verdict.Suggest switch { ContentSuggest.Pass => ProfileReviewState.Pass, ContentSuggest.Review => ProfileReviewState.Review, _ => ProfileReviewState.Risky };
            return stored with { Avatar = avatar with { State = state, Label = verdict.Label, KeptAt = now } };
        }, cancellationToken).ConfigureAwait(false);

        if (!applied)
        {
            LogStaleVerdict(logger, appId);
        }
        else if (!verdict.Checked || verdict.Suggest is ContentSuggest.Risky)
        {
            if (!verdict.Checked)
            {
                LogDownloadFailed(logger, appId, verdict.ErrCode);
            }

            await avatars.RemoveAsync(appId, ticket.OpenId, ticket.AvatarId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Erases the user's profile, every avatar image and the session (the right to erasure). Idempotent.</summary>
    public async Task EraseAsync(string openId, CancellationToken cancellationToken)
    {
        await profiles.RemoveAsync(appId, openId, cancellationToken).ConfigureAwait(false);
        await avatars.RemoveAllAsync(appId, openId, cancellationToken).ConfigureAwait(false);
        await sessions.RemoveAsync(appId, openId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<KeptNickName?> CheckNickNameAsync(string openId, string nickName, ProfileFieldSource source, CancellationToken cancellationToken)
    {
        var text = nickName.Trim();
        if (text.Length == 0 || text.Length > MaxNickNameLength || text.Any(char.IsControl) || !IsValidUtf16(text))
        {
            throw new WeChatRequestException(
                StatusCodes.Status400BadRequest, "InvalidNickName", $"nickName must be 1 to {MaxNickNameLength} characters of text, without control characters.");
        }

        if (string.Equals(text, AnonymousProfile.NickName, StringComparison.Ordinal))
        {
            return null;
        }

        TextCheckVerdict verdict;
        try
        {
            verdict = await contentSecurity.CheckTextAsync(openId, text, ContentScene.Profile, cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatApiException ex)
        {
            throw CheckFailed(ex);
        }

        if (verdict.Suggest is ContentSuggest.Risky)
        {
            throw new WeChatRequestException(
                StatusCodes.Status422UnprocessableEntity,
                "NickNameRisky",
                $"WeChat's content security found the nickname risky (label {verdict.Label}: {ContentLabels.Name(verdict.Label)}); nothing was kept. Ask the user for another.",
                "The nickname was refused.")
            { Label = verdict.Label };
        }

        return new KeptNickName(text, source, timeProvider.GetUtcNow(), verdict.Suggest is ContentSuggest.Pass ? ProfileReviewState.Pass : ProfileReviewState.Review, verdict.Label);
    }

    private async Task RemoveImageAsync(string openId, string? avatarId, CancellationToken cancellationToken)
    {
        if (avatarId is not null)
        {
            await avatars.RemoveAsync(appId, openId, avatarId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static WeChatRequestException CheckFailed(WeChatApiException ex) => ex.ErrCode switch
    {
        WeChatErrCodes.UserNotRecentlyActive => new WeChatRequestException(
            StatusCodes.Status409Conflict,
            "UserNotRecentlyActive",
            "WeChat checks content only for a user who opened the mini program within the last 2 hours (61010): have the user open it again, then send this again. Nothing was kept.",
            "WeChat would not check the content."),
        _ => new WeChatRequestException(
            StatusCodes.Status503ServiceUnavailable,
            "ContentCheckUnavailable",
            $"WeChat's content security did not check it ({(ex.ErrCode is { } code ? "errcode " + code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")}). Nothing was kept: send it again in a few seconds.",
            "WeChat's content security is unavailable."),
    };

    private static string NewAvatarId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    // A lone surrogate is not text WeChat can check (a verified profile's nickname may carry one, escaped): the
    // framework's own transcoder says so, without a replacement character standing in.
    private static bool IsValidUtf16(string text)
        => System.Text.Unicode.Utf8.FromUtf16(text, stackalloc byte[text.Length * 3], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;

    [LoggerMessage(EventId = 40, EventName = "AvatarVerdictForAnotherCheck", Level = LogLevel.Debug, Message = "A wxa_media_check push for app {AppId} is not for an avatar this backend checks: left to the app's handler.")]
    private static partial void LogUnknownTrace(ILogger logger, string appId);

    [LoggerMessage(EventId = 41, EventName = "AvatarVerdictStale", Level = LogLevel.Information, Message = "A wxa_media_check verdict for app {AppId} is for an avatar already replaced, decided or erased: it changes nothing.")]
    private static partial void LogStaleVerdict(ILogger logger, string appId);

    [LoggerMessage(EventId = 42, EventName = "AvatarDownloadFailed", Level = LogLevel.Warning, Message = "WeChat could not download an avatar of app {AppId} to check it (errcode {ErrCode}): the avatar was dropped. Set WeChat:PublicBaseAddress to an address WeChat reaches.")]
    private static partial void LogDownloadFailed(ILogger logger, string appId, int errCode);
}
