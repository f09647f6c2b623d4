package org.lungseg.function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 client, built from {@code lungseg.s3.*} with an explicit region and credential chain so
 * that nothing is looked up from the cloud instance metadata address unless
 * {@code lungseg.s3.instance-metadata} allows it. Built on first use: a function without buckets
 * never makes one.
 */
@ApplicationScoped
public class S3Clients {

    @Produces
    @ApplicationScoped
    S3Client s3(FunctionConfig config) {
        FunctionConfig.S3 s3 = config.s3();
        if (!s3.instanceMetadata() && System.getProperty("aws.disableEc2Metadata") == null) {
            System.setProperty("aws.disableEc2Metadata", "true");
        }
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials(s3))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3.pathStyle()).build())
                // Checksums only where S3 requires them: many S3-compatible stores reject the SDK's
                // default trailing checksums on uploads.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        s3.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    private static AwsCredentialsProvider credentials(FunctionConfig.S3 s3) {
        if (s3.accessKeyId().isPresent() != s3.secretAccessKey().isPresent()) {
            throw new IllegalStateException("set both lungseg.s3.access-key-id and lungseg.s3.secret-access-key, or neither");
        }
        if (s3.accessKeyId().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKeyId().get(), s3.secretAccessKey().get()));
        }
        var chain = AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true);
        chain.addCredentialsProvider(EnvironmentVariableCredentialsProvider.create());
        chain.addCredentialsProvider(SystemPropertyCredentialsProvider.create());
        chain.addCredentialsProvider(WebIdentityTokenFileCredentialsProvider.create());
        chain.addCredentialsProvider(ProfileCredentialsProvider.create());
        chain.addCredentialsProvider(ContainerCredentialsProvider.builder().build());
        if (s3.instanceMetadata()) {
            chain.addCredentialsProvider(InstanceProfileCredentialsProvider.create());
        }
        return chain.build();
    }
}
