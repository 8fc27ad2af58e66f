#if NETSTANDARD2_0
// Attributes the C# compiler and the nullable analysis look for by name; netstandard2.0 does not have them.
#pragma warning disable SA1402, SA1649, CA1019 // Several tiny attribute types, as the framework declares them.

namespace System.Runtime.CompilerServices
{
    /// <summary>Lets records and init accessors compile.</summary>
    internal static class IsExternalInit
    {
    }

    /// <summary>Skips zeroing a method's locals (its stackalloc buffers): the strict JSON reader, which writes before it reads.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Module, Inherited = false)]
    internal sealed class SkipLocalsInitAttribute : Attribute
    {
    }

    /// <summary>Captures the expression passed for a parameter, for argument exceptions.</summary>
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class CallerArgumentExpressionAttribute(string parameterName) : Attribute
    {
        public string ParameterName { get; } = parameterName;
    }
}

namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>The parameter is not null when the method returns <see cref="ReturnValue"/>.</summary>
    [AttributeUsage(AttributeTargets.Parameter)]
    internal sealed class NotNullWhenAttribute(bool returnValue) : Attribute
    {
        public bool ReturnValue { get; } = returnValue;
    }

    /// <summary>The parameter is not null when the method returns.</summary>
    [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
    internal sealed class NotNullAttribute : Attribute
    {
    }

    /// <summary>The method does not return.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class DoesNotReturnAttribute : Attribute
    {
    }
}
#endif
