using System.Diagnostics;
using System.Globalization;
using System.Diagnostics.Metrics;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Diagnostics;

/// <summary>
/// The SDK's traces and metrics, both named "WeChatMiniProgram.UserProfile": a span per client call and per server verify or decrypt,
/// and counters of prompts and failures. Tags carry outcomes only (errMsg, error code, lang), never keys or data.
/// </summary>
internal static class UserProfileDiagnostics
{
    public const string Name = "WeChatMiniProgram.UserProfile";

    private static readonly string? Version = typeof(UserProfileDiagnostics).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> PromptsShown = Meter.CreateCounter<long>("userprofile.prompts.shown", "{prompt}", "Consent prompts shown to the user.");
    private static readonly Counter<long> PromptsAllowed = Meter.CreateCounter<long>("userprofile.prompts.allowed", "{prompt}", "Consent prompts the user allowed.");
    private static readonly Counter<long> PromptsDenied = Meter.CreateCounter<long>("userprofile.prompts.denied", "{prompt}", "Consent prompts the user denied.");
    private static readonly Counter<long> CallsFailed = Meter.CreateCounter<long>("userprofile.calls.failed", "{call}", "getUserProfile calls that failed, by errMsg.");
    private static readonly Counter<long> ServerFailures = Meter.CreateCounter<long>("userprofile.server.failures", "{operation}", "Server verify/decrypt operations that failed, by error code.");
    private static readonly Counter<long> Logins = Meter.CreateCounter<long>("userprofile.server.logins", "{login}", "Server logins (code2Session, then the session store), by WeChat errcode (0 for success).");
    private static readonly Counter<long> SessionStoreOperations = Meter.CreateCounter<long>("userprofile.server.session_store.operations", "{operation}", "Session store reads and writes, by operation and outcome.");

    public static Activity? StartCall(Language lang)
    {
        var activity = ActivitySource.StartActivity("UserProfile.GetUserProfile", ActivityKind.Internal);
        activity?.SetTag("userprofile.lang", lang.IsDefined() ? lang.ToWireName() : "invalid");
        return activity;
    }

    public static void CallEnded(Activity? activity, string errMsg)
    {
        activity?.SetTag("userprofile.errmsg", errMsg);
        if (errMsg != ErrMsgs.Ok)
        {
            activity?.SetStatus(ActivityStatusCode.Error, errMsg);
            CallsFailed.Add(1, new KeyValuePair<string, object?>("userprofile.errmsg", errMsg));
        }
    }

    public static void PromptShown() => PromptsShown.Add(1);

    public static void PromptAnswered(ConsentDecision decision)
    {
        if (decision == ConsentDecision.Allow)
        {
            PromptsAllowed.Add(1);
        }
        else if (decision == ConsentDecision.Deny)
        {
            PromptsDenied.Add(1);
        }
    }

    public static Activity? StartServer(string operation) => ActivitySource.StartActivity(operation, ActivityKind.Internal);

    public static void ServerEnded(Activity? activity, OpenDataError error)
    {
        if (error == OpenDataError.None)
        {
            activity?.SetTag("userprofile.error_code", 0);
            return;
        }

        var code = error.ToErrorCode();
        var name = error.ToString();
        activity?.SetTag("userprofile.error_code", code);
        activity?.SetTag("userprofile.error", name);
        activity?.SetStatus(ActivityStatusCode.Error, name);
        ServerFailures.Add(1, new KeyValuePair<string, object?>("userprofile.error_code", code), new KeyValuePair<string, object?>("userprofile.error", name));
    }

    public static Activity? StartLogin() => ActivitySource.StartActivity("UserProfile.Login", ActivityKind.Internal);

    /// <summary>Ends a login span: <paramref name="errCode"/> is WeChat's errcode, 0 on success, or <see langword="null"/> for a failure that is not WeChat's.</summary>
    public static void LoginEnded(Activity? activity, int? errCode)
    {
        activity?.SetTag("userprofile.wechat_errcode", errCode);
        if (errCode != 0)
        {
            activity?.SetStatus(ActivityStatusCode.Error, errCode is null ? "failed" : "errcode " + errCode.Value.ToString(CultureInfo.InvariantCulture));
        }

        Logins.Add(1, new KeyValuePair<string, object?>("userprofile.wechat_errcode", errCode));
    }

    public static Activity? StartSessionStore(string operation)
    {
        var activity = ActivitySource.StartActivity("UserProfile.SessionStore." + operation, ActivityKind.Internal);
        activity?.SetTag("userprofile.session_store.operation", operation);
        return activity;
    }

    /// <summary>Ends a session-store span with its outcome: "found", "absent", "saved" or "failed".</summary>
    public static void SessionStoreEnded(Activity? activity, string operation, string outcome)
    {
        activity?.SetTag("userprofile.session_store.outcome", outcome);
        if (outcome == "failed")
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome);
        }

        SessionStoreOperations.Add(1, new KeyValuePair<string, object?>("userprofile.session_store.operation", operation), new KeyValuePair<string, object?>("userprofile.session_store.outcome", outcome));
    }
}
