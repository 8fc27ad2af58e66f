using System.CommandLine;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary><c>userprofile check</c>: runs VerifyAndDecrypt on a whole getUserProfile result, as simulate and the emulator print it.</summary>
internal static class CheckCommand
{
    public const string Usage = "userprofile check --session-key K [--app-id A] [--input FILE|-]";

    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var sessionKey = new Option<string>("--session-key") { Description = "The session_key of the login the result belongs to.", Required = true };
        var appId = new Option<string?>("--app-id") { Description = "The AppId the watermark must carry; without it, the watermark's own appid is reported, not checked." };
        var file = new Option<string>("--input") { Description = "The result JSON: a file, or - for standard input.", DefaultValueFactory = _ => "-" };
        var command = new Command("check", "Verify and decrypt a getUserProfile result JSON (signature, decryption, watermark, rawData); prints the verified profile.")
        {
            sessionKey, appId, file,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(appId) is { } expected && !AppIdFormat.IsValid(expected))
            {
                await error.WriteLineAsync($"--app-id must be {AppIdFormat.Description}, not '{expected}'.\nusage: {Usage}");
                return 2;
            }

            SuccessFields? fields;
            try
            {
                var path = parse.GetValue(file)!;
                var json = path == "-" ? await input.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
                fields = Read(json);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"--input: {ex.Message}\nusage: {Usage}");
                return 2;
            }

            if (fields is null)
            {
                await error.WriteLineAsync("The input is not a getUserProfile result: it needs the string fields rawData, signature, encryptedData and iv.\nusage: " + Usage);
                return 2;
            }

            var key = parse.GetValue(sessionKey)!;
            var watermarkAppId = parse.GetValue(appId) ?? WatermarkAppId(fields, key);
            if (watermarkAppId is null || !AppIdFormat.IsValid(watermarkAppId))
            {
                // Not decryptable, or issued to something that is not an AppId: let the verifier say exactly why.
                watermarkAppId = ServeCommand.DemoAppId;
            }

            var verifier = new UserProfileVerifier(new UserProfileVerifierOptions { AppId = watermarkAppId });
            if (!verifier.TryVerifyAndDecrypt(fields.RawData, fields.Signature, fields.EncryptedData, fields.Iv, key, out var profile, out var failure))
            {
                var reason = failure == OpenDataError.AppIdMismatch ? failure.GetReason().Replace("UserProfileVerifierOptions.AppId", "--app-id", StringComparison.Ordinal) : failure.GetReason();
                await error.WriteLineAsync($"error {failure.ToErrorCode()}: {reason}");
                return 1;
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(new VerifiedProfile(profile.UserInfo, profile.Watermark.AppId, profile.Watermark.Timestamp), ToolJsonContext.Default.VerifiedProfile));
            return 0;
        });
        return command;
    }

    private static SuccessFields? Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return Field("rawData") is { } raw && Field("signature") is { } signature && Field("encryptedData") is { } data && Field("iv") is { } iv
                ? new SuccessFields(raw, signature, data, iv)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? WatermarkAppId(SuccessFields fields, string sessionKey)
    {
        var error = OpenDataDecryptor.TryDecryptDocument(fields.EncryptedData, fields.Iv, sessionKey, out var buffer, out var length, out var watermark);
        OpenDataDecryptor.Release(buffer, length);
        return error == OpenDataError.None ? watermark!.AppId : null;
    }

    private sealed record SuccessFields(string RawData, string Signature, string EncryptedData, string Iv);
}

/// <summary>What <c>check</c> prints: the verified userInfo and where its watermark says it came from.</summary>
internal sealed record VerifiedProfile(
    [property: System.Text.Json.Serialization.JsonPropertyName("userInfo")] UserInfo UserInfo,
    [property: System.Text.Json.Serialization.JsonPropertyName("appid")] string AppId,
    [property: System.Text.Json.Serialization.JsonPropertyName("timestamp")] long Timestamp);
