using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WeChatMiniProgram.UserProfile.Tool;

/// <summary>
/// How the tool reads and writes JSON: indented, with UTF-8 text as WeChat and browsers write it (no \uXXXX escapes for
/// Chinese or emoji), comments and trailing commas accepted in input files.
/// </summary>
internal static class ToolJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolverChain = { ToolJsonContext.Default, UserProfileJson.Resolver },
        WriteIndented = true,
        Encoder = UserProfileJson.ReadableEncoder,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static JsonTypeInfo<T> For<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
