#if NETSTANDARD2_0
// netstandard2.0 lacks this type, and the C# compiler needs it for init-only setters.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
#endif
