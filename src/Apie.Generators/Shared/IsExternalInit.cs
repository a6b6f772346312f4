// netstandard2.0 lacks this type, and the C# compiler needs it for init-only setters and records.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit
{
}
