public enum Autodiff {}
