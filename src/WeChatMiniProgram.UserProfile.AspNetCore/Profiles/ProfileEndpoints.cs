using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// The kept-profile endpoints <c>MapWeChatProfile</c> maps for the signed-in user: <c>GET</c>, <c>PUT /nickname</c>,
/// <c>PUT /avatar</c>, <c>DELETE</c>; and <c>GET {avatars}/{id}</c> for everyone.
/// </summary>
internal static class ProfileEndpoints
{
    private const int MaxNickNameBody = 4 * 1024;

    private static readonly ConditionalWeakTable<WeChatProfile, RenderedProfile> Rendered = new();

    public static async Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (keeper, openId, _) = Caller(context);
        return await keeper.GetAsync(openId, cancellationToken).ConfigureAwait(false) is { } profile && (profile.NickName ?? (object?)profile.Avatar ?? profile.Details) is not null
            ? Answer(context, profile)
            : throw new WeChatRequestException(
                StatusCodes.Status404NotFound,
                "ProfileNotKept",
                "No avatar or nickname is kept for this user: show the fill-in (<button open-type=\"chooseAvatar\">, <input type=\"nickname\">), then PUT them here.",
                "No profile is kept.");
    }

    public static async Task<IResult> PutNickNameAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (keeper, openId, unionId) = Caller(context);
        string nickName;
        using (var body = await WeChatRequests.ReadObjectAsync(context.Request, MaxNickNameBody, cancellationToken).ConfigureAwait(false))
        {
            nickName = WeChatRequests.OptionalString(body.RootElement, "nickName", ProfileKeeper.MaxNickNameLength * 4) ?? throw new WeChatRequestException(
                StatusCodes.Status400BadRequest, "MissingNickName", "nickName is required: send {\"nickName\": \"...\"} with what <input type=\"nickname\"> gave.");
        }

        var profile = await keeper.SetNickNameAsync(openId, unionId, nickName, cancellationToken).ConfigureAwait(false);
        return Answer(context, profile);
    }

    public static async Task<IResult> PutAvatarAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (keeper, openId, unionId) = Caller(context);
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<UserProfileServerOptions>>().Get(context.User.GetWeChatAppId() ?? string.Empty);
        var upload = await AvatarUploads.ReadAsync(context, options.MaxAvatarBytes, cancellationToken).ConfigureAwait(false);
        var profile = await keeper.SetAvatarAsync(openId, unionId, upload, BaseAddress(context), cancellationToken).ConfigureAwait(false);
        return Answer(context, profile, StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> DeleteAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (keeper, openId, _) = Caller(context);
        await keeper.EraseAsync(openId, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>A passed avatar to anyone, with a strong ETag (an id never changes its bytes) and a year of caching; any avatar to WeChat's checker with a valid link.</summary>
    public static async Task<IResult> GetAvatarAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        var services = context.RequestServices;
        var checking = context.Request.Query["check"].ToString() is { Length: > 0 } token && services.GetRequiredService<AvatarCheckLinks>().IsValid(id, token);
        if (id.Length is 0 or > 64 || await services.GetRequiredService<IWeChatAvatarStore>().GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } image)
        {
            return NoAvatar();
        }

        if (!checking)
        {
            var profile = await services.GetRequiredService<IWeChatProfileStore>().GetAsync(image.AppId, image.OpenId, cancellationToken).ConfigureAwait(false);
            if (profile?.Avatar is not { State: ProfileReviewState.Pass } avatar || avatar.Id != id)
            {
                return NoAvatar();
            }
        }

        var headers = context.Response.GetTypedHeaders();
        headers.ETag = new EntityTagHeaderValue("\"" + id + "\"");
        headers.CacheControl = checking
            ? new CacheControlHeaderValue { NoStore = true }
            : new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new NameValueHeaderValue("immutable") } };
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        return !checking && ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(headers.ETag, useStrongComparison: true))
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(image.Content, image.ContentType);
    }

    /// <summary>
    /// The kept profile as JSON, written in one piece with its length, as a bare endpoint writes bytes. The JSON is
    /// remembered with the profile it shows and the address its avatar URL was made under: the stores hand out the same
    /// <see cref="WeChatProfile"/> while the kept one is unchanged, so a repeated read is not shown and serialized again
    /// (in a running backend that costs more than its 1.3 µs in a warm loop). A changed profile is another instance.
    /// </summary>
    public static IResult Answer(HttpContext context, WeChatProfile profile, int statusCode = StatusCodes.Status200OK)
    {
        var baseAddress = BaseAddress(context);
        if (!Rendered.TryGetValue(profile, out var rendered) || !string.Equals(rendered.BaseAddress, baseAddress, StringComparison.Ordinal))
        {
            rendered = new RenderedProfile(baseAddress, JsonSerializer.SerializeToUtf8Bytes(View(context, profile, baseAddress), ProfileJsonContext.Default.ProfileView));
            Rendered.AddOrUpdate(profile, rendered);
        }

        return new JsonAnswer(rendered.Utf8, statusCode);
    }

    /// <summary>The profile as the endpoints show it; <paramref name="baseAddress"/> is <see cref="BaseAddress"/>'s.</summary>
    public static ProfileView View(HttpContext context, WeChatProfile profile, string baseAddress)
    {
        var avatar = profile.Avatar;
        var avatarUrl = avatar switch
        {
            { State: ProfileReviewState.Pass, Id: { } id } => context.RequestServices.GetRequiredService<AvatarRoutes>().Url(baseAddress, id),
            { State: ProfileReviewState.Pass, Url: { } url } => url,
            _ => null,
        };
        return new ProfileView(
            profile.OpenId,
            profile.NickName?.Value,
            State(profile.NickName?.State),
            Source(profile.NickName?.Source),
            profile.NickName?.KeptAt,
            avatarUrl,
            State(avatar?.State),
            Source(avatar?.Source),
            avatar?.KeptAt,
            avatar is { State: ProfileReviewState.Risky or ProfileReviewState.Review } ? avatar.Label : null,
            avatar is { State: ProfileReviewState.Risky } ? $"WeChat's content security found the avatar risky ({ContentLabels.Name(avatar.Label)}); it was removed. Choose another." : null,
            profile.Details is { } details ? (int)details.Gender : null,
            profile.Details?.Country,
            profile.Details?.Province,
            profile.Details?.City,
            profile.Details?.Language);
    }

    /// <summary>
    /// The address WeChat and the mini program reach this backend at, without a trailing slash:
    /// <c>WeChat:PublicBaseAddress</c>, else the request's own (forwarded only where the app trusts the proxy).
    /// </summary>
    public static string BaseAddress(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<UserProfileServerOptions>>().Get(context.User.GetWeChatAppId() ?? string.Empty);
        if (options.PublicBaseAddress is { } configured)
        {
            return configured.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }

        var request = context.Request;
        return request.Scheme + "://" + request.Host.ToUriComponent() + request.PathBase.ToUriComponent();
    }

    private static (ProfileKeeper Keeper, string OpenId, string? UnionId) Caller(HttpContext context)
    {
        var openId = context.User.GetWeChatOpenId()
            ?? throw new InvalidOperationException("The user did not sign in through WeChat: the profile endpoints require the WeChatSession scheme.");
        var appId = context.User.GetWeChatAppId() ?? string.Empty;
        return (context.RequestServices.GetRequiredKeyedService<ProfileKeeper>(appId), openId, context.User.FindFirst(WeChatClaimTypes.UnionId)?.Value);
    }

    /// <summary>A profile's JSON and the base address its avatar URL was made under; never changed once made.</summary>
    private sealed record RenderedProfile(string BaseAddress, byte[] Utf8);

    private sealed class JsonAnswer(byte[] utf8, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = utf8.Length;
            return response.Body.WriteAsync(utf8, httpContext.RequestAborted).AsTask();
        }
    }

    private static UserProfileProblems.ProblemAnswer NoAvatar() => new UserProfileProblems.ProblemAnswer(UserProfileProblems.Problem(
        StatusCodes.Status404NotFound, "No such avatar.", "No avatar that passed WeChat's check is kept under this id.", "AvatarNotFound"));

    private static string? State(ProfileReviewState? state) => state switch
    {
        ProfileReviewState.Checking => "checking",
        ProfileReviewState.Pass => "pass",
        ProfileReviewState.Review => "review",
        ProfileReviewState.Risky => "risky",
        _ => null,
    };

    private static string? Source(ProfileFieldSource? source) => source switch
    {
        ProfileFieldSource.GetUserProfile => "getUserProfile",
        ProfileFieldSource.FilledIn => "filledIn",
        _ => null,
    };
}

/// <summary>A kept profile as the endpoints answer it.</summary>
internal sealed record ProfileView(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("nickName")] string? NickName,
    [property: JsonPropertyName("nickNameState")] string? NickNameState,
    [property: JsonPropertyName("nickNameSource")] string? NickNameSource,
    [property: JsonPropertyName("nickNameKeptAt")] DateTimeOffset? NickNameKeptAt,
    [property: JsonPropertyName("avatarUrl")] string? AvatarUrl,
    [property: JsonPropertyName("avatarState")] string? AvatarState,
    [property: JsonPropertyName("avatarSource")] string? AvatarSource,
    [property: JsonPropertyName("avatarKeptAt")] DateTimeOffset? AvatarKeptAt,
    [property: JsonPropertyName("avatarLabel")] int? AvatarLabel,
    [property: JsonPropertyName("avatarReason")] string? AvatarReason,
    [property: JsonPropertyName("gender")] int? Gender,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("province")] string? Province,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("language")] string? Language);

[JsonSerializable(typeof(ProfileView))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext
{
    static ProfileJsonContext() => Default = new(new System.Text.Json.JsonSerializerOptions { Encoder = UserProfileJson.ReadableEncoder });
}
