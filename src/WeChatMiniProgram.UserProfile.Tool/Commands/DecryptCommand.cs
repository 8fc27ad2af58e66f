using System.CommandLine;
using System.Text;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Validation;

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
            if (parse.GetValue(appId) is { } expected && !AppIdFormat.IsValid(expected))
            {
                error.WriteLine($"--app-id must be {AppIdFormat.Description}, not '{expected}'.\nusage: {Usage}");
                return 2;
            }

            var result = Decrypt(parse.GetValue(encryptedData)!, parse.GetValue(iv)!, parse.GetValue(sessionKey)!, parse.GetValue(appId));
            if (result.Error != OpenDataError.None)
            {
                error.WriteLine($"error {result.Error.ToErrorCode()}: {result.Error.GetReason()}");
                return 1;
            }

            output.WriteLine(result.Json);
            return 0;
        });
        return command;
    }

    private static (OpenDataError Error, string? Json) Decrypt(string encryptedData, string iv, string sessionKey, string? appId)
    {
        var error = OpenDataDecryptor.TryDecryptDocument(encryptedData, iv, sessionKey, out var buffer, out var length, out var watermark);
        if (error != OpenDataError.None)
        {
            return (error, null);
        }

        try
        {
            var plaintext = buffer.AsSpan(0, length);
            if (appId is not null)
            {
                error = WatermarkCheck.Check(watermark!.AppId, watermark.Timestamp, new UserProfileVerifierOptions { AppId = appId });
                if (error != OpenDataError.None)
                {
                    return (error, null);
                }
            }

            return (OpenDataError.None, Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            OpenDataDecryptor.Release(buffer, length);
        }
    }
}
