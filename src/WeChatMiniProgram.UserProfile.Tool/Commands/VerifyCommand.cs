using System.CommandLine;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary><c>userprofile verify</c>: checks a rawData signature.</summary>
internal static class VerifyCommand
{
    public const string Usage = "userprofile verify --raw-data R --signature S --session-key K";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var rawData = new Option<string>("--raw-data") { Description = "The rawData from the client's result.", Required = true };
        var signature = new Option<string>("--signature") { Description = "The signature from the client's result (hex).", Required = true };
        var sessionKey = new Option<string>("--session-key") { Description = "The session_key from code2Session.", Required = true };

        var command = new Command("verify", "Check that signature = sha1(rawData + session_key); prints 'signature ok' or 'signature mismatch'.")
        {
            rawData, signature, sessionKey,
        };
        command.SetAction(parse =>
        {
            // The same session-key rule as every other command and API: the canonical base64 of 16 bytes, or -41001.
            var key = parse.GetValue(sessionKey)!;
            if (!UserProfileVerifier.IsValidSessionKey(key))
            {
                error.WriteLine($"error {OpenDataError.InvalidSessionKey.ToErrorCode()}: {OpenDataError.InvalidSessionKey.GetReason()}");
                return 1;
            }

            var ok = UserProfileVerifier.VerifySignature(parse.GetValue(rawData)!, parse.GetValue(signature)!, key);
            output.WriteLine(ok ? "signature ok" : "signature mismatch");
            return ok ? 0 : 1;
        });
        return command;
    }
}
