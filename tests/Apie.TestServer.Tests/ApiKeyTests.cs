using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Xunit;

namespace Apie.Testing.Tests;

public sealed class ApiKeyTests : ServerTestBase
{
    private const string ApiKey = "apie_test_key_123";

    [Fact]
    public async Task ApiKey_Unset_AcceptsAnyRequest()
    {
        ApiResult result = await GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, result.Status);
    }

    [Fact]
    public async Task ApiKey_Missing_Returns401()
    {
        Server.ExpectedApiKey = ApiKey;

        using HttpResponseMessage response = await Client.PostAsync("/v1/runs", new StringContent("{}"));
        ApiResult result = await ApiResult.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.Equal("unauthorized", result.ErrorCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        RecordedRequest recorded = Assert.Single(Server.Requests);
        Assert.Null(recorded.Authorization);
        Assert.Equal(401, recorded.ResponseStatus);
    }

    [Theory]
    [InlineData("Bearer wrong_key")]
    [InlineData("Basic " + ApiKey)]
    [InlineData(ApiKey)]
    public async Task ApiKey_Wrong_Returns401(string authorization)
    {
        Server.ExpectedApiKey = ApiKey;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(authorization, Assert.Single(Server.Requests).Authorization);
    }

    [Fact]
    public async Task ApiKey_Correct_Passes()
    {
        Server.ExpectedApiKey = ApiKey;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = new StringContent("""{"kind": "single_agent"}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        using HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"Bearer {ApiKey}", Assert.Single(Server.Requests).Authorization);
    }
}
