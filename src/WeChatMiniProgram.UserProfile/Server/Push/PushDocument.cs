using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// A push's body read safely into one tree, whatever its format: JSON as it is (depth 16), XML (no DTD, no entity,
/// no external resource, depth 16) as an object of its root's children, each leaf a string, repeated names an array.
/// </summary>
internal static class PushDocument
{
    private const int MaxDepth = 16;

    public static WeChatPushFormat FormatOf(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return c == '<' ? WeChatPushFormat.Xml : WeChatPushFormat.Json;
            }
        }

        return WeChatPushFormat.Json;
    }

    /// <summary>The body as an object; a <see cref="WeChatPushException"/> (Malformed) for anything else.</summary>
    public static JsonObject Parse(string text, WeChatPushFormat format) => format == WeChatPushFormat.Xml ? ParseXml(text) : ParseJson(text);

    public static string? Text(JsonObject document, string name) => document.TryGetPropertyValue(name, out var node) ? Text(node) : null;

    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    public static int? Int(JsonNode? node)
        => Text(node) is { } text && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Long(JsonNode? node)
        => Text(node) is { } text && long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The items of a member that is an array, or the member itself when it is one object (XML's single child).</summary>
    public static IEnumerable<JsonObject> Objects(JsonObject document, string name) => document.TryGetPropertyValue(name, out var node)
        ? node switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject single => [single],
            _ => [],
        }
        : [];

    private static JsonObject ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth }) as JsonObject
                ?? throw Malformed("The push's body is not a JSON object.");
        }
        catch (JsonException)
        {
            throw Malformed("The push's body is not well-formed JSON (or nests deeper than 16 levels).");
        }
    }

    private static JsonObject ParseXml(string text)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = text.Length + 1,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            root = XElement.Load(reader);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal) || text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed("The push's XML declares a DTD: refused, as are entities and external resources.");
        }
        catch (XmlException)
        {
            throw Malformed("The push's body is not well-formed XML.");
        }

        return ToObject(root, 1);
    }

    private static JsonObject ToObject(XElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Malformed("The push's XML nests deeper than 16 levels.");
        }

        var result = new JsonObject();
        foreach (var child in element.Elements())
        {
            JsonNode value = child.HasElements ? ToObject(child, depth + 1) : JsonValue.Create(child.Value);
            var name = child.Name.LocalName;
            if (!result.TryGetPropertyValue(name, out var existing))
            {
                result[name] = value;
            }
            else if (existing is JsonArray array)
            {
                array.Add(value);
            }
            else
            {
                result.Remove(name);
                result[name] = new JsonArray(existing!, value);
            }
        }

        return result;
    }

    /// <summary>Writes an XML push body: the root <c>xml</c> with one CDATA child per field.</summary>
    public static string Xml(params (string Name, string Value)[] fields)
    {
        var builder = new StringBuilder("<xml>");
        foreach (var (name, value) in fields)
        {
            builder.Append('<').Append(name).Append("><![CDATA[").Append(value.Replace("]]>", "]]]]><![CDATA[>")).Append("]]></").Append(name).Append('>');
        }

        return builder.Append("</xml>").ToString();
    }

    private static WeChatPushException Malformed(string message) => new(WeChatPushError.Malformed, message);
}
