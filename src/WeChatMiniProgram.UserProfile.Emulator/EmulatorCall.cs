using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>One WeChat-side call the emulator answered, as <c>GET /emulator/calls</c> lists it. Never a secret.</summary>
/// <param name="Api"><c>jscode2session</c>, <c>stable_token</c>, <c>token</c> or <c>checksession</c>.</param>
/// <param name="AppId">The AppId the call named (or its access token's), or <see langword="null"/> when it named none.</param>
/// <param name="ErrCode">The errcode answered; 0 for success.</param>
/// <param name="ForceRefresh">On stable_token calls, whether <c>force_refresh</c> was true; otherwise <see langword="null"/>.</param>
public sealed record EmulatorCall(
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("appid")] string? AppId,
    [property: JsonPropertyName("errcode")] int ErrCode,
    [property: JsonPropertyName("forceRefresh"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ForceRefresh);
