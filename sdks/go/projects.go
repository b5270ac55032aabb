package keyport

import (
	"context"
	"time"
)

var (
	opListProjects  = register("listProjects", "GET", "/api/v1/projects")
	opCreateProject = register("createProject", "POST", "/api/v1/projects")
)

// Project is a project of the workspace.
type Project struct {
	ProjectID string    `json:"project_id"`
	Name      string    `json:"name"`
	Slug      string    `json:"slug"`
	CreatedAt time.Time `json:"created_at"`
}

// CreatedProject is a new project with its default key, shown once.
type CreatedProject struct {
	ProjectID  string     `json:"project_id"`
	Name       string     `json:"name"`
	DefaultKey CreatedKey `json:"default_key"`
}

// CreateProjectParams is the body of ProjectsService.Create.
type CreateProjectParams struct {
	Name string `json:"name"`
}

// ProjectsService lists and creates projects.
type ProjectsService struct{ client *Client }

// List returns the workspace's projects (projects:read).
func (s *ProjectsService) List(ctx context.Context) ([]Project, error) {
	var out []Project
	return out, s.client.do(ctx, call{op: opListProjects, out: &out})
}

// Create makes a project (projects:write); its default key is in the answer, once.
func (s *ProjectsService) Create(ctx context.Context, params CreateProjectParams) (*CreatedProject, error) {
	var out CreatedProject
	if err := s.client.do(ctx, call{op: opCreateProject, body: params, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}
