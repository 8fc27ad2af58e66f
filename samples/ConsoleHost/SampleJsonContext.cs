using System.Text.Json.Serialization;
using UserProfile;

namespace ConsoleHost;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(SuccessCallbackResult))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
