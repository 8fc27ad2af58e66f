// Trim smoke test: exercises the client flow, the server verify/decrypt, the typed model and DI after trimming,
// so that trimming breaks a test, not a user. Exit 0 only when every check holds.
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile;
using WeChatMiniProgram.UserProfile.Server;

const string AppId = "wx4f4bc4dec97d474b";
var failures = 0;
void Check(bool condition, string what)
{
    Console.WriteLine($"{(condition ? "ok  " : "FAIL")} {what}");
    failures += condition ? 0 : 1;
}

var key = InMemorySessionKeyProvider.CreateSessionKey();
var services = new ServiceCollection();
services.AddSingleton<ISessionKeyProvider>(new InMemorySessionKeyProvider(key));
services.AddUserProfileClient(o => { o.AppId = AppId; o.AnonymousProfile = false; }); // the demo user as it is, as before base library 2.27.1
services.AddInMemoryUserProfileHost(); // a smoke test: a prompt that answers Allow and the demo profile; the key above stays
using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IUserProfileClient>();

SuccessCallbackResult result;
using (UserGesture.Begin())
{
    result = await client.GetUserProfileAsync(new Option { Desc = "trim smoke", Lang = Language.ZhCN });
}

Check(result.ErrMsg == ErrMsgs.Ok, "client flow returns getUserProfile:ok");
Check(result.RawData.StartsWith("{\"nickName\":\"Band\",\"gender\":1", StringComparison.Ordinal), "rawData in WeChat's field order");

var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = AppId });

var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = AppId });
var verified = verifier.VerifyAndDecrypt(result, key);
Check(verified.City == "广州" && verified.Watermark.AppId == AppId, "server verifies and decrypts");
Check(!decryptor.TryDecryptUserProfile(result.EncryptedData, result.Iv, InMemorySessionKeyProvider.CreateSessionKey(), out _, out var error)
    && error.ToErrorCode() == -41003, "stale key gives -41003");

try
{
    decryptor.DecryptPhoneNumber(result.EncryptedData, result.Iv, key);
    Check(false, "profile data is not a phone number");
}
catch (OpenDataException ex)
{
    Check(ex.ErrorCode == -41003, "typed model decrypt runs its source-generated JSON");
}

try
{
    await client.GetUserProfileAsync(new Option { Desc = "no gesture" });
    Check(false, "gesture rule");
}
catch (UserProfileException ex)
{
    Check(ex.ErrMsg == ErrMsgs.NotUserGesture, "gesture rule holds");
}

return failures == 0 ? 0 : 1;
