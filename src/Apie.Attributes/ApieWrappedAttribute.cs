using System;
using System.ComponentModel;

namespace Apie;

/// <summary>
/// Marks a method whose body the Apie generator wrote. A project that calls the method from another assembly
/// reads this attribute and does not wrap those calls a second time.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ApieWrappedAttribute : Attribute
{
}
