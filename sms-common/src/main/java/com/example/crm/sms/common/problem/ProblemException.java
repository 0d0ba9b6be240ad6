package com.example.crm.sms.common.problem;

/** Thrown by a service to answer with a problem detail; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException badRequest(String field, String detail) {
    return new ProblemException(Problem.forField(400, "Bad Request", field, detail));
  }

  public static ProblemException unprocessable(String field, String detail) {
    return new ProblemException(Problem.forField(422, "Unprocessable Content", field, detail));
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(404, "Not Found", detail));
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(Problem.of(409, "Conflict", detail));
  }
}
