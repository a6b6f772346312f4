using System;
using System.Linq;
using Apie.Generators.Analyzers;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Apie.Generators.CodeFixes.Tests;

public sealed class FixableDiagnosticIdTests
{
    public static TheoryData<Type> Providers => new()
    {
        typeof(AsyncVoidCodeFixProvider),
        typeof(MethodGroupCodeFixProvider),
        typeof(MissingImplementationCodeFixProvider),
        typeof(NotPartialContainerCodeFixProvider),
        typeof(MoveAttributeCodeFixProvider),
        typeof(PlaceholderSpellingCodeFixProvider),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void FixedIdsExistInAnalyzers(Type providerType)
    {
        var provider = (CodeFixProvider)Activator.CreateInstance(providerType)!;
        var reported = new DiagnosticAnalyzer[] { new MethodAnalyzer(), new CallAnalyzer() }
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .ToHashSet();

        Assert.NotEmpty(provider.FixableDiagnosticIds);
        foreach (var id in provider.FixableDiagnosticIds)
        {
            Assert.Contains(id, reported);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void ProviderHasExportAttribute(Type providerType)
    {
        var export = providerType.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), inherit: false)
            .Cast<ExportCodeFixProviderAttribute>()
            .Single();

        Assert.Equal(providerType.Name, export.Name);
        Assert.Contains(Microsoft.CodeAnalysis.LanguageNames.CSharp, export.Languages);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void FixAllUsesBatchFixer(Type providerType)
    {
        var provider = (CodeFixProvider)Activator.CreateInstance(providerType)!;

        Assert.Same(WellKnownFixAllProviders.BatchFixer, provider.GetFixAllProvider());
    }
}
