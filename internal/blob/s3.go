package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// PartSize is the size of one part of a multipart upload (S3's minimum but for the last part):
// the most an S3 Put holds in memory.
const PartSize = 5 << 20

// abortTimeout bounds the abort of a failed multipart upload.
const abortTimeout = 30 * time.Second

// S3Config names an S3-compatible bucket.
type S3Config struct {
	Bucket string
	// Endpoint is the server's URL (empty: AWS itself).
	Endpoint string
	// Region defaults to us-east-1.
	Region string
	// PathStyle addresses the bucket in the path (http://host/bucket/key), which most
	// S3-compatible servers need.
	PathStyle bool
	// AccessKey and SecretKey, when set, are the credentials; else the SDK's defaults (the
	// environment, shared files, instance roles).
	AccessKey, SecretKey string
}

// S3 is a Store in an S3-compatible bucket.
type S3 struct {
	client *s3.Client
	bucket string
}

// NewS3 returns the store of cfg's bucket, with credentials from the environment.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if cfg.Bucket == "" {
		return nil, errors.New("the S3 blob URL names no bucket")
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	opts := []func(*config.LoadOptions) error{config.WithRegion(cfg.Region)}
	if cfg.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(cfg.AccessKey, cfg.SecretKey, "")))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("loading the S3 configuration: %w", err)
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
	})
	return &S3{client: client, bucket: cfg.Bucket}, nil
}

// Put reads r a part at a time: an object smaller than one part is one PutObject; a larger one
// a multipart upload, completed only after the last part, and aborted on any failure, so the
// key never holds part of an object.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if err := checkKey(key); err != nil {
		return 0, err
	}
	buf := make([]byte, PartSize)
	n, err := io.ReadFull(r, buf)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
			Bucket: &s.bucket, Key: &key, Body: bytes.NewReader(buf[:n]), ContentLength: aws.Int64(int64(n)),
		})
		if err != nil {
			return 0, fmt.Errorf("storing %s: %w", key, err)
		}
		return int64(n), nil
	case err != nil:
		return 0, fmt.Errorf("storing %s: %w", key, err)
	}
	up, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		return 0, fmt.Errorf("storing %s: %w", key, err)
	}
	total, err := s.putParts(ctx, key, up.UploadId, buf, n, r)
	if err != nil {
		// The abort must run even when ctx is what ended the upload.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
		defer cancel()
		if _, aerr := s.client.AbortMultipartUpload(actx, &s3.AbortMultipartUploadInput{Bucket: &s.bucket, Key: &key, UploadId: up.UploadId}); aerr != nil {
			err = errors.Join(err, fmt.Errorf("aborting the upload: %w", aerr))
		}
		return 0, fmt.Errorf("storing %s: %w", key, err)
	}
	return total, nil
}

// putParts uploads the first part (buf[:n]) and the rest of r, then completes the upload.
func (s *S3) putParts(ctx context.Context, key string, uploadID *string, buf []byte, n int, r io.Reader) (int64, error) {
	var parts []types.CompletedPart
	var total int64
	for num := int32(1); n > 0; num++ {
		out, err := s.client.UploadPart(ctx, &s3.UploadPartInput{
			Bucket: &s.bucket, Key: &key, UploadId: uploadID, PartNumber: aws.Int32(num),
			Body: bytes.NewReader(buf[:n]), ContentLength: aws.Int64(int64(n)),
		})
		if err != nil {
			return 0, err
		}
		parts = append(parts, types.CompletedPart{ETag: out.ETag, PartNumber: aws.Int32(num)})
		total += int64(n)
		n, err = io.ReadFull(r, buf)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, err
		}
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	_, err := s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
		Bucket: &s.bucket, Key: &key, UploadId: uploadID, MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
	})
	return total, err
}

// Open streams the object.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key})
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return nil, fmt.Errorf("opening %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", key, err)
	}
	return out.Body, nil
}

// Delete removes the object (S3 answers a missing key with success too).
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &key}); err != nil {
		return fmt.Errorf("deleting %s: %w", key, err)
	}
	return nil
}
