using System.Diagnostics;
using System.Diagnostics.Metrics;
using UserProfile.Server;

namespace UserProfile.Diagnostics;

/// <summary>
/// The SDK's traces and metrics, both named "UserProfile": a span per client call and per server verify or decrypt,
/// and counters of prompts and failures. Tags carry outcomes only (errMsg, error code, lang), never keys or data.
/// </summary>
internal static class UserProfileDiagnostics
{
    public const string Name = "UserProfile";

    private static readonly string? Version = typeof(UserProfileDiagnostics).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    private static readonly Counter<long> PromptsShown = Meter.CreateCounter<long>("userprofile.prompts.shown", "{prompt}", "Consent prompts shown to the user.");
    private static readonly Counter<long> PromptsAllowed = Meter.CreateCounter<long>("userprofile.prompts.allowed", "{prompt}", "Consent prompts the user allowed.");
    private static readonly Counter<long> PromptsDenied = Meter.CreateCounter<long>("userprofile.prompts.denied", "{prompt}", "Consent prompts the user denied.");
    private static readonly Counter<long> CallsFailed = Meter.CreateCounter<long>("userprofile.calls.failed", "{call}", "getUserProfile calls that failed, by errMsg.");
    private static readonly Counter<long> ServerFailures = Meter.CreateCounter<long>("userprofile.server.failures", "{operation}", "Server verify/decrypt operations that failed, by error code.");

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
}
