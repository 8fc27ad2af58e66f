using System.CommandLine;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary><c>userprofile decrypt</c>: decrypts open data and prints its JSON, or the WXBizDataCrypt error.</summary>
internal static class DecryptCommand
{
    public const string Usage = "userprofile decrypt --session-key K --iv IV --encrypted-data D [--app-id A]";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var sessionKey = new Option<string>("--session-key") { Description = "The session_key from code2Session (base64 of 16 bytes).", Required = true };
        var iv = new Option<string>("--iv") { Description = "The iv from the client's result.", Required = true };
        var encryptedData = new Option<string>("--encrypted-data") { Description = "The encryptedData from the client's result.", Required = true };
        var appId = new Option<string?>("--app-id") { Description = "Check that the watermark was issued to this AppId." };

        var command = new Command("decrypt", "Decrypt encryptedData and print its JSON; errors print 'error <code>: <message>'.")
        {
            sessionKey, iv, encryptedData, appId,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(appId) is { } expected && AppIdArgument.Problem(expected) is { } problem)
            {
                error.WriteLine($"{problem}\nusage: {Usage}");
                return 2;
            }

            var result = Decrypt(parse.GetValue(encryptedData)!, parse.GetValue(iv)!, parse.GetValue(sessionKey)!, parse.GetValue(appId));
            if (result.Error != OpenDataError.None)
            {
                var hint = result.Error == OpenDataError.AppIdMismatch ? $" The watermark is not for --app-id {parse.GetValue(appId)}." : string.Empty;
                error.WriteLine($"error {result.Error.ToErrorCode()}: {result.Error.GetReason()}{hint}");
                return 1;
            }

            output.WriteLine(result.Json);
            return 0;
        });
        return command;
    }

    private static (OpenDataError Error, string? Json) Decrypt(string encryptedData, string iv, string sessionKey, string? appId)
    {
        // Inspect decrypts once and checks nothing but the strict JSON and its watermark; the one rule left to apply
        // here is --app-id, which the watermark must carry exactly.
        var error = OpenDataDecryptor.Inspect(encryptedData, iv, sessionKey, out var json, out var watermark);
        if (error == OpenDataError.None && appId is not null && !string.Equals(watermark!.AppId, appId, StringComparison.Ordinal))
        {
            return (OpenDataError.AppIdMismatch, null);
        }

        return (error, json);
    }
}
