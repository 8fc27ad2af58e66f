using System.Text.Json.Serialization;
using WeChatMiniProgram.UserProfile;

namespace ConsoleHost;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(SuccessCallbackResult))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
